"""On PostgreSQL, two consumers handling the same event at the same moment apply it once:
the inbox's primary key, not a read-then-insert, decides who wins."""

from __future__ import annotations

import os
import threading
import time
from collections import namedtuple
from collections.abc import Iterator

import pytest
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, func, select, text

from shared.bus.consumer import ConsumerRunner, Subscription
from shared.bus.tables import bus_metadata, inbox
from shared.bus.unit_of_work import SqlAlchemyUnitOfWork
from shared.db import make_engine, make_session_factory
from shared.events.envelope import encode
from tests.support import signed_up_event

POSTGRES_URL = os.environ.get(
    "CHORUS_TEST_POSTGRES_URL", "postgresql://chorus@127.0.0.1:5433/chorus_test"
)
Record = namedtuple("Record", "topic partition offset key value")

effects_metadata = MetaData()
effects = Table(
    "test_effects",
    effects_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False),  # deliberately not unique
)


@pytest.fixture
def engine() -> Iterator[Engine]:
    engine = make_engine(POSTGRES_URL)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        pytest.fail(f"PostgreSQL is not answering at {POSTGRES_URL} (`make test` starts it): {exc}")
    for metadata in (bus_metadata, effects_metadata):
        metadata.drop_all(engine)
        metadata.create_all(engine)
    yield engine
    for metadata in (bus_metadata, effects_metadata):
        metadata.drop_all(engine)
    engine.dispose()


def test_two_consumers_racing_on_one_event_apply_it_once(engine: Engine) -> None:
    sessions = make_session_factory(engine)
    both_inside = threading.Barrier(2, timeout=10)

    def slow_effect(envelope, _data, uow) -> None:  # type: ignore[no-untyped-def]
        uow.session.execute(effects.insert().values(event_id=envelope.id))
        time.sleep(0.5)  # hold the transaction open so the other consumer is truly concurrent

    def runner() -> ConsumerRunner:
        sub = Subscription("racing", {"ParticipantSignedUp": slow_effect}, ["t"])
        uow = lambda: SqlAlchemyUnitOfWork(sessions, "test", mapper=lambda e: ())  # noqa: E731
        return ConsumerRunner(sub, uow, consumer_factory=None, producer_factory=None)  # type: ignore[arg-type]

    event = signed_up_event()
    record = Record("t", 0, 0, event.key.encode(), encode(event))
    errors: list[BaseException] = []

    def consume() -> None:
        try:
            both_inside.wait()
            runner().process(record)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=consume) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(effects)).scalar_one() == 1
        assert conn.execute(select(func.count()).select_from(inbox)).scalar_one() == 1
