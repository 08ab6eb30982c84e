"""A consumer killed between its database commit and its offset commit applies nothing twice."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from services.notifications.adapters.orm import notifications
from services.notifications.bootstrap import subscription, uow_factory
from shared.bus.consumer import ConsumerRunner
from shared.bus.kafka_clients import make_consumer, make_producer
from shared.bus.tables import inbox
from shared.events.envelope import encode
from tests.notifications.integration.crashing_consumer import CRASH_EXIT_CODE
from tests.support import (
    ROOT,
    committed_offset,
    migrated_engine,
    produce,
    read_topic,
    running,
    signed_up_event,
    wait_until,
)


def test_redelivery_after_crash_is_absorbed_by_the_inbox(
    bootstrap: str, topic: str, tmp_path: Path
) -> None:
    engine = migrated_engine("notifications", tmp_path)
    group = f"group-{topic}"
    event = signed_up_event()
    produce(bootstrap, topic, [(event.key.encode(), encode(event))])

    crashed = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.notifications.integration.crashing_consumer",
            bootstrap,
            str(engine.url),
            topic,
            group,
        ],
        cwd=ROOT,
        timeout=120,
        capture_output=True,
        text=True,
    )
    assert crashed.returncode == CRASH_EXIT_CODE, crashed.stdout + crashed.stderr

    def welcomes() -> int:
        with engine.connect() as conn:
            query = (
                select(func.count())
                .select_from(notifications)
                .where(notifications.c.cause_event_id == event.id)
            )
            return conn.execute(query).scalar_one()

    # The effect committed, the offset did not: the broker will deliver the event again.
    assert welcomes() == 1
    assert committed_offset(bootstrap, group, topic) is None

    sub = subscription()
    sub.topics, sub.group = [topic], group
    runner = ConsumerRunner(
        sub,
        uow_factory(engine),
        consumer_factory=lambda: make_consumer(bootstrap, group, [topic]),
        producer_factory=lambda: make_producer(bootstrap, "test-dlq"),
    )
    with running(runner.run):
        wait_until(
            lambda: committed_offset(bootstrap, group, topic) == 1, timeout=60, what="offset commit"
        )

    assert welcomes() == 1
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(inbox)).scalar_one() == 1
    assert read_topic(bootstrap, f"{topic}.dlq") == []
