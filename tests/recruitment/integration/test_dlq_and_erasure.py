"""Issue #14 item 16 on the real broker: dead-letter topics keep copies for a stated time only,
and `chorus dlq replay` never brings back an erased person's events (an old
ContactDetailsChanged would re-create their contact in every service)."""

from __future__ import annotations

import subprocess
import sys
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from kafka import KafkaAdminClient
from kafka.admin import ConfigResource, ConfigResourceType, NewTopic

from services.cli import main
from services.recruitment.adapters.orm import start_mappers
from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from shared.bus.kafka_clients import make_producer
from shared.bus.topics import TOPICS, Topic, dead_letter, ensure_topics
from shared.db import make_session_factory
from shared.events.envelope import decode, encode
from tests.contract.test_event_samples import SAMPLES
from tests.support import ROOT, migrated_engine, read_topic, signed_up_event

DAY_MS = 24 * 3600 * 1000


def retention_ms(bootstrap: str, names: list[str]) -> dict[str, str | None]:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        resources = [ConfigResource(ConfigResourceType.TOPIC, n) for n in names]
        found = admin.describe_configs(resources)["topic"]
    finally:
        admin.close()
    return {n: found.get(n, {}).get("retention.ms", {}).get("value") for n in names}


def test_dead_letter_topics_keep_copies_two_weeks_or_less(bootstrap: str) -> None:
    plain, short = f"test.{uuid.uuid4().hex[:10]}", f"test.{uuid.uuid4().hex[:10]}"
    declared = (Topic(plain), Topic(short, retention_ms=7 * DAY_MS))
    created = ensure_topics(bootstrap, topics=declared)
    assert dead_letter(plain) in created
    assert retention_ms(bootstrap, [dead_letter(plain), dead_letter(short), short]) == {
        dead_letter(plain): str(14 * DAY_MS),
        dead_letter(short): str(7 * DAY_MS),  # never longer than the topic's own retention
        short: str(7 * DAY_MS),
    }


def test_a_dead_letter_topic_made_before_retention_gets_it(bootstrap: str) -> None:
    name = f"test.{uuid.uuid4().hex[:10]}"
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:  # as the code before this fix made them: the broker's default retention
        admin.create_topics([NewTopic(name, 1, 1), NewTopic(dead_letter(name), 1, 1)])
    finally:
        admin.close()
    assert retention_ms(bootstrap, [dead_letter(name)]) == {dead_letter(name): None}
    assert ensure_topics(bootstrap, topics=(Topic(name),)) == [dead_letter(name)]
    assert retention_ms(bootstrap, [dead_letter(name)]) == {dead_letter(name): str(14 * DAY_MS)}
    assert ensure_topics(bootstrap, topics=(Topic(name),)) == []  # nothing left to change


def test_chorus_topics_gives_every_declared_dead_letter_topic_its_retention(
    bootstrap: str,
) -> None:
    env = {"KAFKA_BOOTSTRAP_SERVERS": bootstrap, "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "services.cli", "topics"], cwd=ROOT, env=env, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    names = [dead_letter(t.name) for t in TOPICS]
    held = retention_ms(bootstrap, names)
    assert held["recruitment.contact.dlq"] == str(14 * DAY_MS)
    assert held["notifications.inbound-sms.dlq"] == str(7 * DAY_MS)
    assert all(value is not None for value in held.values()), held


def contact_changed(pid: str) -> bytes:
    sample = decode((SAMPLES / "ContactDetailsChanged.v1.json").read_bytes())
    data = {**sample.data, "participant_id": pid}
    return encode(replace(sample, id=str(uuid.uuid4()), key=pid, data=data))


def dead_letter_these(bootstrap: str, topic: str, messages: list[tuple[str, bytes]]) -> None:
    producer = make_producer(bootstrap, "test-dlq-erasure")
    try:
        for key, value in messages:
            headers = [("dlq_reason", b"handler failed"), ("dlq_consumer", b"notifications")]
            producer.send(dead_letter(topic), key=key.encode(), value=value, headers=headers)
        producer.flush(timeout=30)
    finally:
        producer.close()


def erased_in_recruitment(tmp_path: Path, pid: str) -> None:
    """What erasure does in recruitment's database (rights.erase -> forget_participant)."""
    start_mappers()
    uow = RecruitmentUnitOfWork(make_session_factory(migrated_engine("recruitment", tmp_path)))
    with uow:
        uow.forget_participant(pid)
        uow.commit()


def test_replay_refuses_the_dead_letters_of_an_erased_person(
    bootstrap: str,
    topic: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", bootstrap)
    monkeypatch.setenv("RECRUITMENT_DATABASE_URL", f"sqlite:///{tmp_path / 'recruitment.db'}")
    erased, other = str(uuid.uuid4()), str(uuid.uuid4())
    erased_in_recruitment(tmp_path, erased)
    signed_up = signed_up_event(erased, key="keyed-otherwise")
    dead_letter_these(
        bootstrap,
        topic,
        [
            (erased, contact_changed(erased)),  # keyed by them, as on recruitment.contact
            ("keyed-otherwise", encode(signed_up)),  # about them
            (other, contact_changed(other)),
        ],
    )

    assert main(["dlq", "replay", topic]) == 0
    said = capsys.readouterr().out
    assert "replayed 1 message(s)" in said and "refused 2 of erased people" in said
    assert signed_up.id in said
    [replayed] = read_topic(bootstrap, topic)
    assert replayed.key == other.encode()
    assert main(["dlq", "replay", topic, "--event-id", signed_up.id]) == 1
    assert len(read_topic(bootstrap, topic)) == 1


def test_replay_refuses_everything_when_it_cannot_tell_who_was_erased(
    bootstrap: str,
    topic: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", bootstrap)
    monkeypatch.setenv("RECRUITMENT_DATABASE_URL", f"sqlite:///{tmp_path / 'never-migrated.db'}")
    someone = str(uuid.uuid4())
    dead_letter_these(bootstrap, topic, [(someone, contact_changed(someone))])
    assert main(["dlq", "replay", topic]) == 1
    assert "not replayed: cannot read who was erased" in capsys.readouterr().out
    assert read_topic(bootstrap, topic) == []
