"""One place per person per session, pending approval or confirmed, on SQLite and PostgreSQL:
two times of a session that needs approval, booked by one person at the same moment, give
one place; and the database itself refuses a second pending booking."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.exc import IntegrityError

from services.scheduling.adapters.orm import start_mappers
from services.scheduling.adapters.tables.sessions import bookings
from services.scheduling.adapters.unit_of_work import SchedulingUnitOfWork
from services.scheduling.booking.commands import BookSlot, MoveBooking
from services.scheduling.booking.service_layer import booking as handlers
from services.scheduling.booking.service_layer import web_booking
from services.scheduling.ports import Conflict
from services.scheduling.sessions.commands import CreateSession
from services.scheduling.sessions.domain.booking import BookingRefused
from services.scheduling.sessions.domain.planning import SlotPlan
from services.scheduling.sessions.service_layer import session_admin
from shared.bus.tables import outbox
from shared.db import make_session_factory
from tests.support import all_at_once, migrated_engine, migrated_postgres


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        yield migrated_engine("scheduling", tmp_path)
        return
    with migrated_postgres("scheduling") as engine:
        yield engine


def approval_session(engine: Engine) -> tuple[Callable[[], SchedulingUnitOfWork], list[str]]:
    start_mappers()
    sessions = make_session_factory(engine)
    uow = lambda: SchedulingUnitOfWork(sessions)  # noqa: E731
    starts = datetime.now(UTC) + timedelta(days=3)
    times = tuple(
        SlotPlan(starts + timedelta(hours=h), starts + timedelta(hours=h + 1), 10) for h in (0, 2)
    )
    cmd = CreateSession(
        str(uuid.uuid4()), "Approval", "online", None, (), "https://meet.example.org/a", times,
        requires_approval=True,
    )  # fmt: skip
    return uow, [slot.id for slot in session_admin.create_session(cmd, uow()).slots]


def held_by(engine: Engine, who: str) -> int:
    query = select(func.count()).where(
        bookings.c.participant_id == who, bookings.c.status.in_(("pending", "confirmed"))
    )
    with engine.connect() as conn:
        return conn.execute(query).scalar_one()


def test_one_person_booking_both_times_at_once_holds_one_place(engine: Engine) -> None:
    uow, slots = approval_session(engine)
    for _ in range(3):
        who = str(uuid.uuid4())
        results = all_at_once(
            [lambda s=s: handlers.book_slot(BookSlot(s, who), uow()) for s in slots * 3]  # noqa: B023
        )
        assert held_by(engine, who) == 1, results
        booked = [r for r in results if isinstance(r, handlers.BookingResult)]
        assert {r.booking.status for r in booked} == {"pending"}
        assert all(isinstance(r, handlers.BookingResult | BookingRefused | Conflict)
                   for r in results), results  # fmt: skip


def test_the_database_refuses_a_second_pending_place(engine: Engine) -> None:
    uow, (first, second) = approval_session(engine)
    who = str(uuid.uuid4())
    handlers.book_slot(BookSlot(first, who), uow())
    with uow() as unit:
        session_id = unit.slots.get(first).session_id
    row = {"session_id": session_id, "participant_id": who, "status": "pending",
           "booked_at": datetime.now(UTC)}  # fmt: skip
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(bookings).values(id=str(uuid.uuid4()), slot_id=second, **row))


def test_changing_the_time_in_a_session_that_needs_approval_keeps_one_place(
    engine: Engine,
) -> None:
    uow, (first, second) = approval_session(engine)
    who = str(uuid.uuid4())
    handlers.book_slot(BookSlot(first, who), uow())
    moved = web_booking.move_booking(
        MoveBooking(second, who, "coordinator"), uow()
    )  # was a 500 (IndexError)
    assert (moved.booking.slot_id, moved.booking.status) == (second, "pending")
    assert held_by(engine, who) == 1
    with engine.connect() as conn:
        told = conn.execute(
            select(outbox.c.event_type).where(outbox.c.key == who).order_by(outbox.c.id)
        ).scalars()
        assert list(told) == ["BookingCancelled"]  # the new time is announced once approved
