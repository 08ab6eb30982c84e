"""Leases, relays' fair shares of buckets, and scheduled work, on real SQLite and PostgreSQL.

A stepped clock stands in for time passing, so a lease's expiry is exact, not a sleep."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from shared.bus import relay_share
from shared.bus.buckets import BUCKETS, bucket_of
from shared.bus.leases import Leases, instance_id
from shared.bus.relay_claims import lock_held_buckets
from shared.bus.relay_share import RelayShare
from shared.bus.tables import outbox, outbox_schema_1
from shared.db import make_engine
from shared.migrations import upgrade
from shared.periodic import once_across_instances
from tests.support import captured_logs, migrated_engine, migrated_postgres


class SteppedClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
        self.mono = 1000.0

    def __call__(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.mono += seconds


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        yield migrated_engine("payments", tmp_path)
    else:
        with migrated_postgres("payments") as engine:
            yield engine


@pytest.fixture
def postgres() -> Iterator[Engine]:
    with migrated_postgres("payments") as engine:
        yield engine


def test_a_lease_has_one_holder_until_it_expires_then_moves(engine: Engine) -> None:
    clock = SteppedClock()
    ann, bob = (Leases(engine, name, ttl_s=10, clock=clock) for name in ("ann", "bob"))
    ann.ensure(["job"])
    bob.ensure(["job"])  # a second ensure changes nothing
    assert ann.take(["job"]) == 1
    assert bob.take(["job"]) == 0
    clock.advance(9)
    assert ann.renew("job") == ["job"]
    clock.advance(9)  # 18 s after taking it, but renewed at 9: still Ann's
    assert bob.take(["job"]) == 0
    assert ann.live_holders("job") == {"job": "ann"}
    clock.advance(11)  # Ann stopped renewing (she died): the lease moves
    assert bob.take(["job"]) == 1
    assert ann.renew("job") == []  # and Ann cannot renew it back
    bob.release(["job"])
    assert ann.take(["job"]) == 1


@pytest.mark.timeout(60)  # a take that waited for the lock instead of skipping would hang
def test_a_lease_a_batch_has_locked_is_not_taken_over_until_it_commits(postgres: Engine) -> None:
    clock = SteppedClock()
    clock.now = datetime.now(UTC)  # lock_held_buckets checks expiry by the real clock
    a, b = (
        Leases(postgres, "a", ttl_s=10, clock=clock),
        Leases(postgres, "b", ttl_s=10, clock=clock),
    )
    a.ensure(["relay-bucket:05"])
    assert a.take(["relay-bucket:05"]) == 1
    with postgres.begin() as batch:  # relay a publishing under its lease
        assert lock_held_buckets(batch, "a", ["relay-bucket:05"]) == [5]
        clock.advance(11)  # its lease lapses while the batch is in flight (a slow broker)
        assert b.take(["relay-bucket:05"]) == 0  # skipped: not while a's rows are going out
    assert b.take(["relay-bucket:05"]) == 1  # and taken once a's batch committed
    with postgres.begin() as batch:
        assert lock_held_buckets(batch, "a", ["relay-bucket:05"]) == []  # a no longer holds it


def shares(engine: Engine, clock: SteppedClock, *names: str) -> list[RelayShare]:
    return [RelayShare(engine, n, ttl_s=10, clock=clock, monotonic=clock.monotonic) for n in names]


def settle(relays: list[RelayShare], rounds: int = 3) -> list[set[int]]:
    for _ in range(rounds):
        for relay in relays:
            relay.rebalance()
    return [set(r.held()) for r in relays]


def assert_partition(held: list[set[int]], sizes: list[int]) -> None:
    assert sorted(len(h) for h in held) == sorted(sizes)
    assert set().union(*held) == set(range(BUCKETS))
    assert sum(len(h) for h in held) == BUCKETS  # no bucket held twice


def test_relays_share_the_buckets_fairly_and_take_over_a_dead_ones(postgres: Engine) -> None:
    clock = SteppedClock()
    long_host = "relay-c." + "h" * 150 + ":4242:20261202T090000:1"  # ids may be long
    a, b, c = shares(postgres, clock, "relay-a", "relay-b", long_host)
    assert_partition(settle([a]), [32])
    assert_partition(settle([a, b]), [16, 16])  # a released half when b appeared
    assert_partition(settle([a, b, c]), [11, 11, 10])
    # c dies: it stops renewing, and its leases lapse.
    for _ in range(4):
        clock.advance(4)
        settle([a, b], rounds=1)
    assert c.held() == []
    assert_partition([set(a.held()), set(b.held())], [16, 16])
    # b stops cleanly: its buckets are free at once, no wait for the TTL.
    b.stop()
    assert_partition(settle([a], rounds=1), [32])


def test_a_second_relay_on_sqlite_warns_and_stands_by(tmp_path: Path) -> None:
    engine = migrated_engine("payments", tmp_path)
    clock = SteppedClock()
    first, second = shares(engine, clock, "host:1:first", "host:2:second")
    assert len(first.rebalance()) == BUCKETS
    with captured_logs(relay_share) as logs:
        assert second.rebalance() == []
        assert second.rebalance() == []  # said once, not every loop
    warnings = [e for e in logs if e["event"] == "relay.standing_by"]
    assert [w["message"] for w in warnings] == [
        "SQLite is single-instance: relay host:1:first is already running; this one stands by"
    ]
    assert warnings[0]["log_level"] == "warning"
    clock.advance(6)
    first.rebalance()
    clock.advance(6)
    assert second.rebalance() == []  # the first renewed: still running
    clock.advance(5)  # the first died (no renewal for longer than the TTL)
    assert len(second.rebalance()) == BUCKETS
    assert first.rebalance() == []


def test_a_scheduled_job_with_two_callers_runs_once_per_interval(engine: Engine) -> None:
    clock = SteppedClock()
    runs: list[str] = []
    callers = {
        name: once_across_instances(engine, name, clock, clock.monotonic)(
            "reminders", 30, lambda name=name: runs.append(name)
        )
        for name in ("one", "two")
    }
    for _ in range(90):  # 90 s of both callers' poll loops, four ticks a second
        for _ in range(4):
            for call in callers.values():
                call()
            clock.advance(0.25)
    assert len(runs) == 3, runs  # at 0 s, 30 s and 60 s: once each time, by one of them


def test_bus_schema_2_files_the_unsent_rows_already_in_the_outbox(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'recruitment.db'}"
    migrations = "services.recruitment.adapters:migrations"
    upgrade(migrations, url, "0012")  # bus schema 1
    engine = make_engine(url)
    row = {"topic": "t", "event_type": "E", "payload": "{}", "attempts": 0}
    with engine.begin() as conn:
        for n, sent in ((1, None), (2, datetime.now(UTC))):
            at = datetime.now(UTC)
            key = f"key-{n}"
            conn.execute(
                outbox_schema_1.insert().values(
                    event_id=str(n), key=key, created_at=at, sent_at=sent, **row
                )
            )
    upgrade(migrations, url)
    with engine.connect() as conn:
        mine = select(outbox.c.key, outbox.c.bucket).where(outbox.c.key.like("key-%"))
        buckets = dict(conn.execute(mine).all())  # not the migrations' own announcements
    assert buckets == {"key-1": bucket_of("key-1"), "key-2": None}  # sent rows need none


def test_on_sqlite_a_relay_whose_process_is_gone_is_not_waited_for(tmp_path: Path) -> None:
    engine = migrated_engine("payments", tmp_path)
    clock = SteppedClock()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    host = socket.gethostname()[:60]
    dead = [f"{host}:{gone}:20261202T080000:1", f"{host}:{os.getpid()}:19990101T000000:1"]
    for previous in dead:  # killed; or a container restarted, its new process has the same pid
        crashed, successor = shares(engine, clock, previous, instance_id())
        assert len(crashed.rebalance()) == BUCKETS  # and then it died, leases unreleased
        with captured_logs(relay_share) as logs:
            assert len(successor.rebalance()) == BUCKETS  # at once, not after the TTL
        assert [e["event"] for e in logs] == ["relay.previous_relay_died"]
        successor.stop()
    alive = [f"{host}:1:20261202T080000:1", "elsewhere:12345:20261202T080000:1"]
    for running_relay in alive:  # pid 1 is alive; another host's pids are not ours to judge
        first, second = shares(engine, clock, running_relay, instance_id())
        assert len(first.rebalance()) == BUCKETS
        assert second.rebalance() == []
        first.stop()
