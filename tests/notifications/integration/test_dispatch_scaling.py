"""Two notifications consumer processes on one database (as docs/operations.md "Scaling
consumers" allows) send each email exactly once, and neither takes the other's messages while it
lives; when one is killed, the other recovers its messages after the lease; one stopped cleanly
no longer counts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from services.notifications.adapters.orm import dispatcher_instances, messages
from services.notifications.bootstrap import GROUP, subscription
from tests.notifications.integration.queued_emails import arrived, queue_emails, statuses
from tests.shared.integration.db_locks import rows_held
from tests.smtp_server import smtp_server
from tests.support import ROOT, migrated_engine, migrated_postgres, start_at_the_end, wait_until

pytestmark = pytest.mark.usefixtures("stand_ins")
LEASE_SECONDS = 3


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = migrated_engine("notifications", tmp_path)
        yield engine
        engine.dispose()
    else:
        with migrated_postgres("notifications") as engine:
            yield engine


class Consumers:
    """Notifications consumer processes, as `make run` or compose starts them."""

    def __init__(self, engine: Engine, bootstrap: str, logs: Path) -> None:
        self.logs = logs
        self.env = {
            **os.environ,
            "CHORUS_ENV": "development",
            "NOTIFICATIONS_DATABASE_URL": engine.url.render_as_string(hide_password=False),
            "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "KAFKA_CONSUMER_GROUP_PREFIX": f"scaling-{uuid.uuid4().hex[:8]}-",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": "1025",
            "SMTP_TIMEOUT_SECONDS": "60",
            "SECRET_KEY": "scaling-test-only",
            "SMS_QUIET_HOURS": "off",
            "NOTIFICATIONS_DISPATCH_LEASE_SECONDS": str(LEASE_SECONDS),
        }
        group = self.env["KAFKA_CONSUMER_GROUP_PREFIX"] + GROUP
        start_at_the_end(bootstrap, group, subscription().topics)  # no replay of history
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self, smtp_port: int = 1025) -> subprocess.Popen[bytes]:
        name = f"consumer-{len(self.processes)}"
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [sys.executable, "-m", "services.notifications.entrypoints.consumer"],
            env={**self.env, "SMTP_PORT": str(smtp_port)},
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def started(self, index: int) -> bool:
        """Past its start-up (where it recovers what dead instances left) and running."""
        return "runtime.started" in (self.logs / f"consumer-{index}.log").read_text()

    def output(self) -> str:
        return "\n".join(p.read_text()[-3000:] for p in sorted(self.logs.glob("consumer-*.log")))

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def consumers(engine: Engine, bootstrap: str, logs: Path) -> Iterator[Consumers]:
    running = Consumers(engine, bootstrap, logs)
    try:
        yield running
    finally:
        running.stop()


def instances(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(dispatcher_instances)).scalar_one()


def holders(engine: Engine, tag: str) -> dict[str, int]:
    """How many of the tag's messages each instance has marked `sending`."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(messages.c.claimed_by, func.count())
            .where(messages.c.status == "sending", messages.c.to.like(f"{tag}-%"))
            .group_by(messages.c.claimed_by)
        )
        return {by: n for by, n in rows}


def test_two_consumers_send_each_email_exactly_once(
    engine: Engine, bootstrap: str, tmp_path: Path
) -> None:
    tag, count = f"scaled-{uuid.uuid4().hex[:8]}", 60  # Mailpit keeps 500: others need theirs
    queue_emails(engine, count, tag)
    with consumers(engine, bootstrap, tmp_path) as both:
        # PostgreSQL: while another transaction holds the rows, both instances read the same
        # queued rows and wait to mark them: the race two instances run into now and then,
        # made certain. (SQLite has one writer at a time: its risk is the start-up recovery.)
        postgres = engine.dialect.name == "postgresql"
        with rows_held(engine, "messages") if postgres else nullcontext():
            both.start()
            both.start()
            wait_until(lambda: both.started(0) and both.started(1), timeout=60, what="start-up")
            time.sleep(2)
        try:
            wait_until(
                lambda: statuses(engine, tag) == {"sent": count},
                timeout=120,
                what="every email sent",
            )
        except AssertionError as exc:
            raise AssertionError(f"{exc}: {statuses(engine, tag)}\n{both.output()}") from None
        assert instances(engine) == 2, both.output()  # both really ran
    # Stopped cleanly, each retired its row: a restart's new instance gets the whole rate at
    # once, not half of it until the old one's lease lapses.
    assert instances(engine) == 0, both.output()
    expected = {f"{tag}-{n}@example.org": 1 for n in range(count)}
    wait_until(lambda: sum(arrived(tag).values()) >= count, timeout=30, what="Mailpit")
    copies = arrived(tag)
    assert copies == expected, {address: n for address, n in copies.items() if n != 1}


def test_a_second_consumer_leaves_the_first_s_sends_alone_until_it_is_killed(
    engine: Engine, bootstrap: str, tmp_path: Path
) -> None:
    tag, count = f"held-{uuid.uuid4().hex[:8]}", 12
    queue_emails(engine, count, tag)
    with smtp_server(mode="hold") as slow, consumers(engine, bootstrap, tmp_path) as both:
        first = both.start(smtp_port=slow.port)  # its sends hang: its messages stay `sending`
        wait_until(
            lambda: sum(holders(engine, tag).values()) == count,
            timeout=60,
            what="the first's claim",
        )
        [first_id] = holders(engine, tag)
        both.start()
        wait_until(lambda: both.started(1), timeout=60, what="the second to start")
        # The second has started and recovered what it should (nothing); give it a few of the
        # first's heartbeats, and recovery passes of its idle loop, to do wrong.
        time.sleep(LEASE_SECONDS * 2)
        assert statuses(engine, tag) == {"sending": count}, both.output()
        assert holders(engine, tag) == {first_id: count}

        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        # After the lease, the survivor takes back what the dead one held: `unknown`, since
        # each may have gone (the slow server had some of them), and never sent again.
        wait_until(
            lambda: statuses(engine, tag) == {"unknown": count},
            timeout=LEASE_SECONDS * 6,
            what="the dead instance's messages recovered",
        )
    assert arrived(tag) == {}
