"""On PostgreSQL, booking a place (the hot path) is two statements: lock the slot and read
its places taken (the slot's own count, migration 0015) and the person's standing, then insert
the booking and stage its confirmation in one (a data-modifying CTE); a refusal is the first.
Loading the whole Slot through the ORM took seven, counting the bookings under the lock four."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, event, select

from services.scheduling.adapters.tables.sessions import bookings
from services.scheduling.booking.commands import BookSlot
from services.scheduling.booking.service_layer import booking as handlers
from services.scheduling.sessions.domain.booking import BookingRefused
from shared.bus.tables import outbox
from tests.scheduling.integration import test_scheduling_capacity_postgres as capacity
from tests.scheduling.integration.test_scheduling_capacity_postgres import new_slot

engine = capacity.engine


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: object, _cursor: object, sql: str, *_args: object) -> None:
        seen.append(sql.split()[0].upper())

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_booking_is_two_statements_and_a_refusal_one(engine: Engine) -> None:
    uow, slot_id = new_slot(engine, capacity=1)

    with statements(engine) as booked:
        result = handlers.book_slot(BookSlot(slot_id, str(uuid.uuid4())), uow())
    with statements(engine) as refused, pytest.raises(BookingRefused, match="full"):
        handlers.book_slot(BookSlot(slot_id, str(uuid.uuid4())), uow())

    assert result.created
    assert booked == ["SELECT", "WITH"], booked
    assert refused == ["SELECT"], refused
    with engine.connect() as conn:  # the one statement wrote both
        held = conn.execute(select(bookings.c.status).where(bookings.c.id == result.booking.id))
        assert held.scalar_one() == "confirmed"
        staged = select(outbox.c.event_type).where(outbox.c.payload.contains(result.booking.id))
        assert conn.execute(staged).scalars().all() == ["BookingConfirmed"]
