"""An event committed with a state change is published exactly once, even across a broker outage.

This test runs its own private broker (deploy/local/kafka.sh on another port) so that it can stop
and start it without disturbing the rest of the suite.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from services.recruitment.adapters.orm import start_mappers
from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from services.recruitment.signups.commands import SignUp
from services.recruitment.signups.service_layer.sign_up import sign_up
from shared.bus.kafka_clients import make_producer
from shared.bus.relay import OutboxRelay, outbox_backlog
from shared.bus.tables import outbox
from shared.bus.topics import ensure_topics
from shared.db import make_session_factory
from tests.support import (
    ROOT,
    migrated_engine,
    read_topic,
    running,
    wait_until,
    without_migrations_announcements,
)

PORT = 19092
NAME = "kafka-outage-test"


class PrivateBroker:
    def __init__(self) -> None:
        self.bootstrap = f"127.0.0.1:{PORT}"
        self._env = {**os.environ, "KAFKA_PORT": str(PORT), "KAFKA_NAME": NAME}

    def _script(self, action: str) -> None:
        subprocess.run(
            [str(ROOT / "deploy/local/kafka.sh"), action], env=self._env, check=True, timeout=180
        )

    def start(self) -> None:
        self._script("start")

    def stop(self) -> None:
        self._script("stop")


@pytest.fixture
def private_broker() -> Iterator[PrivateBroker]:
    shutil.rmtree(ROOT / "var" / NAME, ignore_errors=True)
    broker = PrivateBroker()
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()
        shutil.rmtree(ROOT / "var" / NAME, ignore_errors=True)


def event_ids(bootstrap: str, topic: str) -> list[str]:
    return [json.loads(record.value)["id"] for record in read_topic(bootstrap, topic)]


def test_committed_event_is_published_exactly_once_across_a_broker_outage(
    private_broker: PrivateBroker, tmp_path: Path
) -> None:
    ensure_topics(private_broker.bootstrap)
    private_broker.stop()

    engine = without_migrations_announcements(migrated_engine("recruitment", tmp_path))
    start_mappers()
    sessions = make_session_factory(engine)
    command = SignUp("Ann", "+447911123456", None, "sms", "en", "web", "v1")
    participant_id = sign_up(command, RecruitmentUnitOfWork(sessions))
    with engine.connect() as conn:
        committed = dict(conn.execute(select(outbox.c.topic, outbox.c.event_id)).all())
    assert set(committed) == {"recruitment.participant", "recruitment.contact"}

    relay = OutboxRelay(
        engine, lambda: make_producer(private_broker.bootstrap, "test-relay"), ack_timeout_s=5
    )
    with running(relay.run):
        time.sleep(5)  # the relay tries, fails and backs off while the broker is away
        assert outbox_backlog(engine) == 2
        private_broker.start()
        wait_until(
            lambda: outbox_backlog(engine) == 0,
            timeout=90,
            what="the relay to publish after the outage",
        )
        time.sleep(2)  # a relay that republished would do it now

    for topic, event_id in committed.items():
        assert event_ids(private_broker.bootstrap, topic) == [event_id]
    with engine.connect() as conn:
        keys = conn.execute(select(func.count()).where(outbox.c.key == participant_id)).scalar_one()
    assert keys == 2
