"""On PostgreSQL, 200 people booking 10 places at the same moment get exactly 10 bookings, and
one person clicking 20 times at once gets one booking and one confirmation."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from services.scheduling.adapters.orm import start_mappers
from services.scheduling.adapters.tables.sessions import HOLDS_PLACE, bookings, slots
from services.scheduling.adapters.unit_of_work import SchedulingUnitOfWork
from services.scheduling.booking.commands import BookSlot, CancelBooking
from services.scheduling.booking.service_layer import booking as handlers
from services.scheduling.sessions.commands import CreateSession
from services.scheduling.sessions.domain.booking import BookingRefused
from services.scheduling.sessions.domain.planning import SlotPlan
from services.scheduling.sessions.service_layer import session_admin
from shared.bus.tables import outbox
from shared.db import make_session_factory
from tests.support import all_at_once, migrated_postgres


@pytest.fixture
def engine() -> Iterator[Engine]:
    with migrated_postgres("scheduling") as engine:
        yield engine


def new_slot(engine: Engine, capacity: int) -> tuple[Callable[[], SchedulingUnitOfWork], str]:
    start_mappers()
    sessions = make_session_factory(engine)
    uow = lambda: SchedulingUnitOfWork(sessions)  # noqa: E731
    starts = datetime.now(UTC) + timedelta(days=3)
    cmd = CreateSession(
        str(uuid.uuid4()),
        "Capacity",
        "online",
        None,
        (),
        "https://meet.example.org/capacity",
        (SlotPlan(starts, starts + timedelta(hours=1), capacity),),
    )
    return uow, session_admin.create_session(cmd, uow()).slots[0].id


def count(engine: Engine, query: Any) -> int:
    with engine.connect() as conn:
        return conn.execute(query).scalar_one()


def test_two_hundred_people_at_once_fill_ten_places_exactly(engine: Engine) -> None:
    uow, slot_id = new_slot(engine, capacity=10)
    people = [str(uuid.uuid4()) for _ in range(200)]

    results = all_at_once(
        [lambda who=who: handlers.book_slot(BookSlot(slot_id, who), uow()) for who in people]
    )

    outcomes = Counter(
        r.reason if isinstance(r, BookingRefused) else type(r).__name__ for r in results
    )
    assert outcomes == {"BookingResult": 10, "full": 190}, outcomes
    confirmed = select(func.count()).where(bookings.c.status == "confirmed")
    assert count(engine, confirmed) == 10
    people_booked = select(func.count(func.distinct(bookings.c.participant_id)))
    assert count(engine, people_booked) == 10
    sent = select(func.count()).where(outbox.c.event_type == "BookingConfirmed")
    assert count(engine, sent) == 10
    assert count(engine, select(slots.c.places_taken).where(slots.c.id == slot_id)) == 10


def test_cancellations_and_bookings_at_once_never_overfill(engine: Engine) -> None:
    """The slot's count of places taken (triggers, migration 0015) is what the desk checks:
    cancellations freeing places while others book must leave it true and the slot not over
    its capacity."""
    uow, slot_id = new_slot(engine, capacity=5)
    first = [handlers.book_slot(BookSlot(slot_id, str(uuid.uuid4())), uow()) for _ in range(5)]
    cancel = [
        lambda b=r.booking.id: handlers.cancel_booking(CancelBooking(b), uow()) for r in first
    ]
    people = [str(uuid.uuid4()) for _ in range(60)]
    book = [lambda who=who: handlers.book_slot(BookSlot(slot_id, who), uow()) for who in people]

    results = all_at_once(cancel + book)

    unexpected = [r for r in results if isinstance(r, Exception) and not (
        isinstance(r, BookingRefused) and r.reason == "full"
    )]  # fmt: skip
    assert not unexpected, unexpected
    holding = select(func.count()).where(bookings.c.slot_id == slot_id, HOLDS_PLACE)
    assert count(engine, holding) <= 5
    taken = select(slots.c.places_taken).where(slots.c.id == slot_id)
    assert count(engine, taken) == count(engine, holding)
    # And every place freed can be booked again, and no more.
    late = [str(uuid.uuid4()) for _ in range(6)]
    outcomes = Counter(
        _outcome(lambda who=who: handlers.book_slot(BookSlot(slot_id, who), uow())) for who in late
    )
    assert outcomes["full"] >= 1 and count(engine, holding) == 5, outcomes
    assert count(engine, taken) == 5


def _outcome(call: Callable[[], object]) -> str:
    try:
        call()
    except BookingRefused as refused:
        return refused.reason
    return "booked"


def test_twenty_clicks_at_once_are_one_booking(engine: Engine) -> None:
    uow, slot_id = new_slot(engine, capacity=10)
    who = str(uuid.uuid4())

    results = all_at_once([lambda: handlers.book_slot(BookSlot(slot_id, who), uow())] * 20)

    assert all(isinstance(r, handlers.BookingResult) for r in results), results
    assert len({r.booking.id for r in results}) == 1
    assert sum(r.created for r in results) == 1
    assert count(engine, select(func.count()).select_from(bookings)) == 1
    sent = select(func.count()).where(outbox.c.event_type == "BookingConfirmed")
    assert count(engine, sent) == 1
