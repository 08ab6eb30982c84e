"""A database that is away for a while delays events, never dead-letters them, and keeps their
order: the real broker, notifications' real handlers, and a real database made unavailable (a
PostgreSQL database refusing connections; a SQLite file locked by another connection)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, select, text

from services.notifications.adapters.orm import contacts
from services.notifications.bootstrap import subscription, uow_factory
from shared.bus.consumer import ConsumerRunner
from shared.bus.kafka_clients import make_consumer, make_producer
from shared.bus.tables import inbox
from shared.db import make_engine
from shared.events.envelope import Envelope, encode
from shared.metrics import CONSUMER_STUCK
from shared.migrations import upgrade
from tests.support import (
    POSTGRES_URL,
    committed_offset,
    migrated_engine,
    produce,
    read_topic,
    running,
    wait_until,
)

OUTAGE_S = 10


@dataclass
class Database:
    engine: Engine
    outage: Callable[[], AbstractContextManager[None]]  # the database away for the block


@contextmanager
def postgres_database() -> Iterator[Database]:
    """A throwaway database on the shared server (which is never stopped): for the outage it
    refuses new connections and its open ones are ended, as in a failover or a restart."""
    name = f"outage_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    upgrade("services.notifications.adapters:migrations", url)
    engine = make_engine(url)

    @contextmanager
    def outage() -> Iterator[None]:
        with admin.connect() as conn:
            conn.execute(text(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false"))
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :db"),
                {"db": name},
            )
        try:
            yield
        finally:
            with admin.connect() as conn:
                conn.execute(text(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true"))

    try:
        yield Database(engine, outage)
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.engine.dispose()


@contextmanager
def sqlite_database(directory: Path) -> Iterator[Database]:
    """A SQLite file whose writers wait 1 s for a lock (the services wait 30 s: same failure,
    sooner); for the outage another connection holds BEGIN EXCLUSIVE."""
    migrated_engine("notifications", directory).dispose()
    engine = create_engine(
        f"sqlite:///{directory / 'notifications.db'}", connect_args={"timeout": 1}
    )

    @contextmanager
    def outage() -> Iterator[None]:
        raw = create_engine(f"sqlite:///{directory / 'notifications.db'}").raw_connection()
        raw.driver_connection.isolation_level = None  # type: ignore[union-attr]
        raw.cursor().execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            raw.cursor().execute("ROLLBACK")
            raw.close()

    try:
        yield Database(engine, outage)
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    with postgres_database() if request.param == "postgres" else sqlite_database(tmp_path) as db:
        yield db


def contact_changed(participant_id: str, name: str) -> Envelope:
    data = {
        "participant_id": participant_id,
        "preferred_name": name,
        "phone": None,
        "email": f"{participant_id}@example.org",
        "preferred_channel": "email",
        "language": "en",
        "support_needs": [],
    }
    return Envelope(
        type="ContactDetailsChanged",
        version=1,
        producer="recruitment",
        key=participant_id,
        data=data,
        correlation_id=str(uuid.uuid4()),
    )


def name_of(engine: Engine, participant_id: str) -> str | None:
    with engine.connect() as conn:
        query = select(contacts.c.preferred_name).where(contacts.c.participant_id == participant_id)
        return conn.execute(query).scalar()


def stuck_seconds(group: str, topic: str) -> float:
    return CONSUMER_STUCK.labels(group=group, topic=topic, partition="0")._value.get()


def test_events_wait_out_a_database_outage_in_order_and_none_is_dead_lettered(
    bootstrap: str, topic: str, database: Database
) -> None:
    engine, person, other = database.engine, str(uuid.uuid4()), str(uuid.uuid4())
    sub = subscription()
    sub.topics, sub.group = [topic], f"group-{topic}"
    runner = ConsumerRunner(
        sub,
        uow_factory(engine),
        consumer_factory=lambda: make_consumer(bootstrap, sub.group, [topic]),
        producer_factory=lambda: make_producer(bootstrap, "outage-test-dlq"),
    )
    first = contact_changed(person, "Ffion")
    produce(bootstrap, topic, [(first.key.encode(), encode(first))])
    with running(runner.run):
        wait_until(lambda: name_of(engine, person) == "Ffion", timeout=60, what="the first event")
        later = [
            contact_changed(person, "Ffion Two"),
            contact_changed(other, "Gareth"),
            contact_changed(person, "Ffion Three"),
        ]
        with database.outage():
            produce(bootstrap, topic, [(e.key.encode(), encode(e)) for e in later])
            wait_until(
                lambda: stuck_seconds(sub.group, topic) > 0, timeout=30, what="stuck, and saying so"
            )
            time.sleep(OUTAGE_S)  # the old consumer gave up within about 1.5 s
        wait_until(
            lambda: committed_offset(bootstrap, sub.group, topic) == 4,
            timeout=120,
            what="all four events handled",
        )
        assert stuck_seconds(sub.group, topic) == 0  # and the gauge says it is over

    assert read_topic(bootstrap, f"{topic}.dlq") == []
    assert name_of(engine, person) == "Ffion Three"  # the last word, not an earlier one
    assert name_of(engine, other) == "Gareth"
    with engine.connect() as conn:
        handled = conn.execute(select(inbox.c.event_id).order_by(inbox.c.handled_at)).scalars()
        assert list(handled) == [first.id, *(e.id for e in later)]
