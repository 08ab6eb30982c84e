"""Sessions, their times (slots) and bookings."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    false,
    text,
)

from services.scheduling.adapters.tables import CodeTuple, metadata
from shared.db import UtcDateTime

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("activity_id", String(36), nullable=False, index=True),
    Column("activity_title", String(120), nullable=False),
    Column("format", String(10), nullable=False),
    Column("location", String(300), nullable=True),
    Column("access_features", CodeTuple, nullable=False),
    Column("joining_url", String(500), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("cancelled_at", UtcDateTime, nullable=True),
)

slots = Table(
    "slots",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("session_id", String(36), ForeignKey("sessions.id"), nullable=False, index=True),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("ends_at", UtcDateTime, nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("booking_opens_at", UtcDateTime, nullable=False),
    Column("booking_closes_at", UtcDateTime, nullable=False),
    Column("cancel_by", UtcDateTime, nullable=False),
    # Places held (bookings confirmed or pending, waitlist offers): kept by the database's
    # triggers (migration 0015), never written by the application; the booking desk reads it.
    Column("places_taken", Integer, nullable=False, server_default=text("0")),
)

bookings = Table(
    "bookings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("session_id", String(36), ForeignKey("sessions.id"), nullable=False),
    Column("slot_id", String(36), ForeignKey("slots.id"), nullable=False, index=True),
    Column("participant_id", String(36), nullable=False, index=True),
    Column("status", String(10), nullable=False),
    Column("booked_at", UtcDateTime, nullable=False),
    Column("cancelled_at", UtcDateTime, nullable=True),
)

# The database's own guard behind the slot lock: one place (confirmed, or pending approval) per
# person per session (and so per slot), whatever races past the application (migration 0012).
HOLDS_PLACE = bookings.c.status.in_(("confirmed", "pending"))
Index(
    "uq_bookings_slot_participant",
    bookings.c.slot_id,
    bookings.c.participant_id,
    unique=True,
    sqlite_where=HOLDS_PLACE,
    postgresql_where=HOLDS_PLACE,
)
Index(
    "uq_bookings_session_participant",
    bookings.c.session_id,
    bookings.c.participant_id,
    unique=True,
    sqlite_where=HOLDS_PLACE,
    postgresql_where=HOLDS_PLACE,
)
sessions.append_column(
    Column("requires_approval", Boolean, nullable=False, default=False, server_default=false())
)
# How to find the way in, and the minimum group size (sessions/domain/group_size.py): 0008.
sessions.append_column(Column("directions", String(500), nullable=True))
slots.append_column(Column("min_group_size", Integer, nullable=True))
slots.append_column(Column("decision_at", UtcDateTime, nullable=True))
slots.append_column(Column("confirmed_to_run_at", UtcDateTime, nullable=True))
# How each booking was made: web, sms or coordinator (null for bookings made before 0011).
bookings.append_column(Column("booked_via", String(12), nullable=True))
# Whose session it is (migration 0019): staff see only their organisation's sessions and
# everything that hangs on them (times, bookings, waitlists, attendance, staff tasks).
sessions.append_column(Column("organisation_id", String(36), nullable=False, index=True))
