"""slots.places_taken (migration 0015's triggers) follows every write to bookings and waitlist
entries, on SQLite and PostgreSQL: inserts, status changes, moves to another slot, deletes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, func, select

from services.scheduling.adapters.tables.sessions import HOLDS_PLACE, bookings, slots
from services.scheduling.adapters.tables.waitlist import waitlist_entries
from tests.scheduling.integration.test_scheduling_capacity_postgres import new_slot
from tests.support import migrated_engine, migrated_postgres


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = migrated_engine("scheduling", tmp_path)
        yield engine
        engine.dispose()
    else:
        with migrated_postgres("scheduling") as engine:
            yield engine


def recount(conn: Connection, slot_id: str) -> tuple[int, int]:
    """(the slot's count, the places really held there)"""
    booked = select(func.count()).where(bookings.c.slot_id == slot_id, HOLDS_PLACE)
    offered = select(func.count()).where(
        waitlist_entries.c.slot_id == slot_id, waitlist_entries.c.status == "offered"
    )
    held = conn.execute(booked).scalar_one() + conn.execute(offered).scalar_one()
    taken = conn.execute(select(slots.c.places_taken).where(slots.c.id == slot_id)).scalar_one()
    return taken, held


def test_the_count_follows_every_write(engine: Engine) -> None:
    _, one = new_slot(engine, capacity=5)
    _, other = new_slot(engine, capacity=5)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        session_of = dict(conn.execute(select(slots.c.id, slots.c.session_id)).all())

    def booking(status: str, slot_id: str = one) -> str:
        id = str(uuid.uuid4())
        row = {"id": id, "session_id": session_of[slot_id], "slot_id": slot_id}
        conn.execute(
            bookings.insert(),
            {**row, "participant_id": id, "status": status, "booked_at": now},
        )
        return id

    def entry(status: str) -> str:
        id = str(uuid.uuid4())
        row = {"id": id, "session_id": session_of[one], "slot_id": one, "participant_id": id}
        conn.execute(waitlist_entries.insert(), {**row, "joined_at": now, "status": status})
        return id

    def set_booking(id: str, **values: str) -> None:
        conn.execute(bookings.update().where(bookings.c.id == id).values(**values))

    with engine.begin() as conn:
        confirmed, pending, cancelled = (
            booking("confirmed"),
            booking("pending"),
            booking("cancelled"),
        )
        assert recount(conn, one) == (2, 2)
        waiting, offered = entry("waiting"), entry("offered")
        assert recount(conn, one) == (3, 3)
        conn.execute(
            waitlist_entries.update()
            .where(waitlist_entries.c.id.in_([waiting, offered]))
            .values(status="offered")
        )
        assert recount(conn, one) == (4, 4)
        passed = waitlist_entries.update().where(waitlist_entries.c.id == offered)
        conn.execute(passed.values(status="passed"))
        assert recount(conn, one) == (3, 3)
        set_booking(pending, status="confirmed")  # approved: still one place
        set_booking(confirmed, status="cancelled")
        set_booking(cancelled, status="confirmed")
        assert recount(conn, one) == (3, 3)
        set_booking(cancelled, slot_id=other, session_id=session_of[other])  # moved
        assert recount(conn, one) == (2, 2)
        assert recount(conn, other) == (1, 1)
        conn.execute(bookings.delete().where(bookings.c.id.in_([pending, confirmed])))
        conn.execute(waitlist_entries.delete())
        assert recount(conn, one) == (0, 0)
        assert recount(conn, other) == (1, 1)
