"""The operator commands against the real broker: dead letters listed and replayed, status."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from kafka import KafkaConsumer, TopicPartition
from kafka.structs import OffsetAndMetadata

from services.cli import main
from shared.bus.kafka_clients import make_producer
from shared.bus.tables import outbox
from shared.config import SERVICE_PORTS
from shared.events.envelope import encode
from tests.support import (
    migrated_engine,
    produce,
    read_topic,
    signed_up_event,
    without_migrations_announcements,
)


def dead_letter_two(bootstrap: str, topic: str) -> tuple[str, str]:
    """Put two envelopes on topic.dlq as the consumer would; returns their event ids."""
    events = [signed_up_event(), signed_up_event()]
    producer = make_producer(bootstrap, "test-ops")
    try:
        for number, event in enumerate(events):
            headers = [
                ("dlq_reason", f"handler failed 5 times: boom {number}".encode()),
                ("dlq_consumer", b"notifications"),
                ("dlq_source", f"{topic}/0/{number}".encode()),
            ]
            producer.send(f"{topic}.dlq", key=b"k", value=encode(event), headers=headers)
        producer.flush(timeout=30)
    finally:
        producer.close()
    return events[0].id, events[1].id


def test_dlq_list_shows_reasons_and_replay_republishes_one(
    bootstrap: str,
    topic: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", bootstrap)
    migrated_engine("recruitment", tmp_path)  # replay reads who was erased there
    monkeypatch.setenv("RECRUITMENT_DATABASE_URL", f"sqlite:///{tmp_path / 'recruitment.db'}")
    first, second = dead_letter_two(bootstrap, topic)

    assert main(["dlq", "list", topic]) == 0
    listed = capsys.readouterr().out
    assert first in listed and second in listed
    assert "handler failed 5 times: boom 0" in listed
    assert "ParticipantSignedUp" in listed

    assert main(["dlq", "replay", topic, "--event-id", second]) == 0
    assert "replayed 1 message" in capsys.readouterr().out
    replayed = read_topic(bootstrap, topic)
    assert len(replayed) == 1
    assert replayed[0].key == b"k"
    assert second.encode() in replayed[0].value

    assert main(["dlq", "replay", topic, "--event-id", str(uuid.uuid4())]) == 1
    assert main(["dlq", "replay", topic]) == 0
    assert len(read_topic(bootstrap, topic)) == 3


def test_status_shows_outbox_backlog_and_lag_per_partition(
    bootstrap: str,
    topic: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prefix = f"test-{uuid.uuid4().hex[:8]}-"
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", bootstrap)
    monkeypatch.setenv("KAFKA_CONSUMER_GROUP_PREFIX", prefix)
    for service in SERVICE_PORTS:
        monkeypatch.setenv(f"{service.upper()}_DATABASE_URL", f"sqlite:///{tmp_path / service}.db")
    engine = migrated_engine("scheduling", tmp_path)
    for service in ("recruitment", "payments", "notifications"):
        without_migrations_announcements(migrated_engine(service, tmp_path))
    with engine.begin() as conn:
        conn.execute(
            outbox.insert().values(
                event_id=str(uuid.uuid4()),
                topic="scheduling.booking",
                key="k",
                event_type="Test",
                payload="{}",
                created_at=datetime.now(UTC),
                attempts=0,
            )
        )
    produce(bootstrap, topic, [(b"k", b"1"), (b"k", b"2"), (b"k", b"3")])
    group = f"{prefix}payments"
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    try:
        consumer.commit({TopicPartition(topic, 0): OffsetAndMetadata(1, "", -1)})
    finally:
        consumer.close()

    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "scheduling: outbox backlog 1," in out
    assert "recruitment: outbox backlog 0," in out
    assert f"group {group}: {topic}[0] lag 2" in out
    assert f"group {prefix}recruitment: no committed offsets" in out
