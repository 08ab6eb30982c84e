"""The booking desk on the database (ports.BookingDesk): SQLAlchemy Core, no mapped objects.

One statement reads what booking a place needs: it locks the slot and reads its session, its
places taken and the person's standing. The places taken are the slot row's own count
(slots.places_taken, kept by triggers, migration 0015), not a count of bookings: on PostgreSQL
(READ COMMITTED) a statement that waits for a row lock re-reads that row when it gets it, but
reads every other table as of its start, so a count of bookings would miss the booking of the
transaction it waited for (and overbook). The person's standing may be that old: a booking of
theirs made meanwhile is caught by the unique indexes (a Conflict, and booking tries again).

The booking itself is written at commit: on PostgreSQL in one statement with its confirmation's
outbox row (a data-modifying CTE), one round trip less while the slot is locked.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, exists, literal_column, select
from sqlalchemy.orm import Session as DbSession

from services.scheduling.adapters.tables.people import withdrawn_participants
from services.scheduling.adapters.tables.sessions import bookings, sessions, slots
from services.scheduling.booking.domain.desk import SessionAtDesk, SlotAtDesk
from services.scheduling.panels.adapters import outside_panel
from services.scheduling.sessions.domain.booking import Booking
from shared.bus.outbox import INSERT_ROW, outbox_row
from shared.db import sqlite_write_lock
from shared.events.envelope import Envelope

SLOT_ID, PARTICIPANT_ID = bindparam("slot_id"), bindparam("participant_id")
# HOLDS_PLACE with its statuses written into the SQL: an IN of bound values is an "expanding"
# parameter, rendered anew on every execution (a good part of the desk's Python time).
HOLDS_PLACE = bookings.c.status.in_([literal_column("'confirmed'"), literal_column("'pending'")])

_held = select(bookings.c.id).where(
    bookings.c.session_id == slots.c.session_id, bookings.c.participant_id == PARTICIPANT_ID
)
LOCK_SLOT = (
    select(
        slots.c.id,
        slots.c.session_id,
        slots.c.starts_at,
        slots.c.ends_at,
        slots.c.capacity,
        slots.c.booking_opens_at,
        slots.c.booking_closes_at,
        slots.c.places_taken,
        sessions.c.activity_id,
        sessions.c.activity_title,
        sessions.c.format,
        sessions.c.location,
        sessions.c.joining_url,
        sessions.c.requires_approval,
        sessions.c.cancelled_at,
        _held.where(HOLDS_PLACE).limit(1).scalar_subquery().label("held_id"),
        exists().where(withdrawn_participants.c.participant_id == PARTICIPANT_ID).label("gone"),
        outside_panel(slots.c.session_id, PARTICIPANT_ID).label("outsider"),
    )
    .join_from(slots, sessions, slots.c.session_id == sessions.c.id)
    .where(slots.c.id == SLOT_ID)
    .with_for_update(of=slots)
)

# In a staff request: only a time of the organisation in scope (another's is not found).
LOCK_OWN_SLOT = LOCK_SLOT.where(sessions.c.organisation_id == bindparam("organisation_id"))

ADD_BOOKING = bookings.insert()
# The booking and one outbox row in one statement; the booking's values are named booking_<column>.
_booked = (
    bookings.insert()
    .values({c.name: bindparam(f"booking_{c.name}", type_=c.type) for c in bookings.c})
    .cte("booked")
)
ADD_BOOKING_AND_STAGE = INSERT_ROW.add_cte(_booked)


class SqlAlchemyBookingDesk:
    def __init__(self, db: DbSession, organisation_id: str | None = None) -> None:
        self.db = db
        self.organisation_id = organisation_id
        self.added: dict[str, Any] | None = None  # the booking's row, written at commit

    def open(self, slot_id: str, participant_id: str) -> SlotAtDesk | None:
        """The slot, locked until commit, with its places taken and the person's standing."""
        sqlite_write_lock(self.db)
        self.connection = connection = self.db.connection()  # add() writes on it too
        ids = {"slot_id": slot_id, "participant_id": participant_id}
        if self.organisation_id is None:
            slot = connection.execute(LOCK_SLOT, ids).first()
        else:
            ids["organisation_id"] = self.organisation_id
            slot = connection.execute(LOCK_OWN_SLOT, ids).first()
        if slot is None:
            return None
        # Rarely anything (a double click, a repeated text): then the booking itself.
        held = self.db.get(Booking, slot.held_id) if slot.held_id else None
        session = SessionAtDesk(
            slot.session_id,
            slot.activity_id,
            slot.activity_title,
            slot.format,
            slot.location,
            slot.joining_url,
            slot.requires_approval,
            slot.cancelled_at,
        )
        return SlotAtDesk(
            slot.id,
            slot.session_id,
            slot.starts_at,
            slot.ends_at,
            slot.capacity,
            slot.booking_opens_at,
            slot.booking_closes_at,
            session,
            places_taken=slot.places_taken,
            held=held,
            withdrawn=bool(slot.gone),
            outsider=bool(slot.outsider),
        )

    def add(self, booking: Booking) -> None:
        """The new booking, written at commit with the outbox (write_with)."""
        self.added = {
            "id": booking.id,
            "session_id": booking.session_id,
            "slot_id": booking.slot_id,
            "participant_id": booking.participant_id,
            "status": booking.status,
            "booked_at": booking.booked_at,
            "cancelled_at": booking.cancelled_at,
            "booked_via": booking.booked_via,
        }

    def write_with(self, envelopes: list[Envelope]) -> list[Envelope]:
        """Write the booking added, if any: on PostgreSQL in one statement with the first
        envelope's outbox row. Returns the envelopes still to stage. A unique index catching
        what the lock did not (a double click on another slot) raises IntegrityError, which
        the unit of work's commit turns into a Conflict."""
        if self.added is None:
            return envelopes
        row, self.added = self.added, None
        if envelopes and self.connection.dialect.name == "postgresql":
            booking = {f"booking_{name}": value for name, value in row.items()}
            self.connection.execute(ADD_BOOKING_AND_STAGE, {**outbox_row(envelopes[0]), **booking})
            return envelopes[1:]
        self.connection.execute(ADD_BOOKING, row)
        return envelopes
