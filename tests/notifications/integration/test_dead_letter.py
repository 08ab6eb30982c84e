"""Poisoned messages go to <topic>.dlq with the reason; the partition keeps moving."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from services.notifications.adapters.orm import notifications
from services.notifications.bootstrap import subscription, uow_factory
from shared.bus.consumer import ConsumerRunner
from shared.bus.kafka_clients import make_consumer, make_producer
from shared.events.envelope import encode
from tests.support import migrated_engine, produce, read_topic, running, signed_up_event, wait_until


def test_poisoned_messages_are_dead_lettered_and_later_ones_still_handled(
    bootstrap: str, topic: str, tmp_path: Path
) -> None:
    engine = migrated_engine("notifications", tmp_path)
    key = b"same-key-so-same-partition"
    good = signed_up_event()
    contact = {"preferred_name": "Sam", "phone": "+447911123456", "email": None}
    failing_contact = signed_up_event(type="ContactDetailsChanged", data=contact)
    produce(
        bootstrap,
        topic,
        [
            (key, b"{not json"),
            (key, encode(signed_up_event(type="SomethingNobodyKnows"))),
            (key, encode(signed_up_event(version=99))),
            (key, encode(signed_up_event(data={"language": "klingon"}))),
            (key, encode(failing_contact)),
            (key, encode(good)),
        ],
    )

    def broken_handler(*_args: object) -> None:
        raise RuntimeError("the database fell over")

    sub = subscription()
    sub.topics = [topic]
    sub.group = f"group-{topic}"
    sub.handlers["ContactDetailsChanged"] = broken_handler
    runner = ConsumerRunner(
        sub,
        uow_factory(engine),
        consumer_factory=lambda: make_consumer(bootstrap, sub.group, sub.topics),
        producer_factory=lambda: make_producer(bootstrap, "test-dlq"),
        max_attempts=3,
        retry_wait_max_s=0.2,
    )

    def welcome_noted() -> bool:
        with engine.connect() as conn:
            return (
                conn.execute(
                    select(notifications).where(notifications.c.cause_event_id == good.id)
                ).first()
                is not None
            )

    with running(runner.run):
        wait_until(
            welcome_noted, timeout=60, what="the good event after the poisoned ones to be handled"
        )

    dead = read_topic(bootstrap, f"{topic}.dlq")
    reasons = [dict(r.headers)["dlq_reason"].decode() for r in dead]
    assert len(dead) == 5, reasons
    assert "not JSON" in reasons[0]
    assert "unknown event type 'SomethingNobodyKnows'" in reasons[1]
    assert "version 99" in reasons[2]
    assert "invalid data for ParticipantSignedUp v1" in reasons[3] and "language" in reasons[3]
    assert "handler failed 3 times" in reasons[4] and "the database fell over" in reasons[4]
    assert dead[0].value == b"{not json"
    assert {dict(r.headers)["dlq_consumer"] for r in dead} == {sub.group.encode()}
