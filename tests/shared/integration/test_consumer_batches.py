"""A partition's poll batch is handled in one database transaction, all or none at first and then
a savepoint per event if anything failed: one bad event, a duplicate or a passing outage touches
only its own record. The real broker, and a
real SQLite file or PostgreSQL schema."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaConsumer, TopicPartition
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, event, select, text

from shared.bus.consumer import ConsumerRunner, Handler, Subscription
from shared.bus.kafka_clients import make_consumer, make_producer
from shared.bus.tables import bus_metadata, inbox
from shared.bus.unit_of_work import SqlAlchemyUnitOfWork
from shared.db import make_engine, make_session_factory
from shared.events.envelope import Envelope, encode
from shared.metrics import CONSUMER_STUCK
from tests.support import (
    committed_offset,
    postgres_schema,
    produce,
    read_topic,
    running,
    signed_up_event,
    wait_until,
)

effects_metadata = MetaData()
effects = Table(
    "test_batch_effects",
    effects_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False),  # deliberately not unique
)
gates = Table("test_batch_gates", effects_metadata, Column("id", Integer, primary_key=True))


@pytest.fixture
def postgres() -> Iterator[Engine]:
    with postgres_schema("batches") as url:
        engine = make_engine(url)
        try:
            yield engine
        finally:
            engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "postgres":
        engine = request.getfixturevalue("postgres")
    else:
        engine = make_engine(f"sqlite:///{tmp_path / 'batches.db'}")
    bus_metadata.create_all(engine)
    effects_metadata.create_all(engine)
    yield engine
    engine.dispose()


class CountingRunner(ConsumerRunner):
    """Counts offset commits: one per partition batch handled."""

    offset_commits = 0

    def commit_offset(self, consumer: KafkaConsumer, tp: TopicPartition, next_offset: int) -> None:
        super().commit_offset(consumer, tp, next_offset)
        self.offset_commits += 1


def note_effect(envelope: Envelope, _data: dict[str, Any], uow: Any) -> None:
    uow.session.execute(effects.insert().values(event_id=envelope.id))


def runner_for(engine: Engine, bootstrap: str, topic: str, handler: Handler) -> CountingRunner:
    sessions = make_session_factory(engine)
    sub = Subscription(f"group-{topic}", {"ParticipantSignedUp": handler}, [topic])
    return CountingRunner(
        sub,
        lambda: SqlAlchemyUnitOfWork(sessions, "test", mapper=lambda e: ()),
        consumer_factory=lambda: make_consumer(bootstrap, sub.group, [topic]),
        producer_factory=lambda: make_producer(bootstrap, "test-dlq"),
        max_attempts=2,
        retry_wait_max_s=0.1,
    )


def send(bootstrap: str, topic: str, events: list[Envelope]) -> None:
    # One key: one partition, in this order, in as few poll batches as the consumer takes.
    produce(bootstrap, topic, [(b"one-key", encode(e)) for e in events])


def effect_ids(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(effects.c.event_id).order_by(effects.c.id)).scalars())


def inbox_ids(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(select(inbox.c.event_id)).scalars())


def stuck_seconds(group: str, topic: str) -> float:
    return CONSUMER_STUCK.labels(group=group, topic=topic, partition="0")._value.get()


def test_a_poll_batch_commits_the_database_once(bootstrap: str, topic: str, engine: Engine) -> None:
    events = [signed_up_event() for _ in range(10)]
    send(bootstrap, topic, events)
    commits: list[int] = []
    event.listen(engine, "commit", lambda _conn: commits.append(1))
    runner = runner_for(engine, bootstrap, topic, note_effect)

    with running(runner.run):
        wait_until(lambda: committed_offset(bootstrap, runner.sub.group, topic) == 10, timeout=60)

    assert effect_ids(engine) == [e.id for e in events]
    # Per event, it was ten commits; now one per partition batch the broker handed over.
    assert 1 <= len(commits) == runner.offset_commits < len(events)


def test_a_batch_in_which_nothing_fails_sets_no_savepoints(
    bootstrap: str, topic: str, engine: Engine
) -> None:
    """Two statements an event fewer: savepoints only once a batch has a failure to contain."""
    events = [signed_up_event() for _ in range(10)]
    send(bootstrap, topic, events)
    savepoints: list[str] = []
    event.listen(engine, "savepoint", lambda _conn, name: savepoints.append(name))
    runner = runner_for(engine, bootstrap, topic, note_effect)

    with running(runner.run):
        wait_until(lambda: committed_offset(bootstrap, runner.sub.group, topic) == 10, timeout=60)

    assert effect_ids(engine) == [e.id for e in events]
    assert inbox_ids(engine) == {e.id for e in events}
    assert savepoints == []


def test_a_poisoned_event_mid_batch_is_dead_lettered_and_its_neighbours_commit(
    bootstrap: str, topic: str, engine: Engine
) -> None:
    events = [signed_up_event() for _ in range(5)]
    poisoned = events[2]

    def handler(envelope: Envelope, data: dict[str, Any], uow: Any) -> None:
        note_effect(envelope, data, uow)  # written, then rolled back with its savepoint
        if envelope.id == poisoned.id:
            raise ValueError("this event breaks a rule")

    send(bootstrap, topic, events)
    runner = runner_for(engine, bootstrap, topic, handler)
    with running(runner.run):
        wait_until(lambda: committed_offset(bootstrap, runner.sub.group, topic) == 5, timeout=60)

    assert effect_ids(engine) == [e.id for e in events if e is not poisoned]
    assert inbox_ids(engine) == {e.id for e in events if e is not poisoned}
    dead = read_topic(bootstrap, f"{topic}.dlq")
    assert [r.value for r in dead] == [encode(poisoned)]
    reason = dict(dead[0].headers)["dlq_reason"].decode()
    assert "handler failed 2 times" in reason and "breaks a rule" in reason


def test_duplicates_in_a_batch_are_skipped_and_their_neighbours_kept(
    bootstrap: str, topic: str, engine: Engine
) -> None:
    first, again, earlier, last = (signed_up_event() for _ in range(4))
    with engine.begin() as conn:  # handled in an earlier batch, long since committed
        conn.execute(
            inbox.insert().values(
                consumer=f"group-{topic}",
                event_id=earlier.id,
                event_type=earlier.type,
                handled_at=datetime.now(UTC),
            )
        )
    send(bootstrap, topic, [first, again, earlier, again, last])
    runner = runner_for(engine, bootstrap, topic, note_effect)
    with running(runner.run):
        wait_until(lambda: committed_offset(bootstrap, runner.sub.group, topic) == 5, timeout=60)

    assert effect_ids(engine) == [first.id, again.id, last.id]
    assert read_topic(bootstrap, f"{topic}.dlq") == []


@pytest.mark.postgres
def test_a_passing_outage_mid_batch_leaves_the_later_records_for_later(
    bootstrap: str, topic: str, postgres: Engine
) -> None:
    """The third event's handler waits for a row lock another connection holds, and gives up
    after 100 ms (a real OperationalError, as in a lock storm). The two before it commit; it and
    the two after it wait, unhandled, until the lock is gone; nothing is dead-lettered."""
    engine = postgres
    bus_metadata.create_all(engine)
    effects_metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(gates.insert().values(id=1))
    events = [signed_up_event() for _ in range(5)]
    blocked = events[2]

    def handler(envelope: Envelope, data: dict[str, Any], uow: Any) -> None:
        if envelope.id == blocked.id:
            uow.session.execute(text("SET LOCAL lock_timeout = '100ms'"))
            uow.session.execute(select(gates).where(gates.c.id == 1).with_for_update())
        note_effect(envelope, data, uow)

    runner = runner_for(engine, bootstrap, topic, handler)
    with running(runner.run), engine.connect() as holder:
        holder.execute(select(gates).with_for_update())  # held until holder.rollback()
        send(bootstrap, topic, events)
        wait_until(lambda: committed_offset(bootstrap, runner.sub.group, topic) == 2, timeout=60)
        # Paused at the blocked record: tried again later, and still nothing after it.
        wait_until(lambda: stuck_seconds(runner.sub.group, topic) > 0, what="paused, and saying so")
        assert effect_ids(engine) == [e.id for e in events[:2]]
        assert inbox_ids(engine) == {e.id for e in events[:2]}
        holder.rollback()
        wait_until(lambda: committed_offset(bootstrap, runner.sub.group, topic) == 5, timeout=60)

    assert effect_ids(engine) == [e.id for e in events]
    assert read_topic(bootstrap, f"{topic}.dlq") == []
