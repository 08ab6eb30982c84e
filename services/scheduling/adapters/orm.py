"""Scheduling's tables and their mapping onto the domain model."""

from __future__ import annotations

import functools

from sqlalchemy import (
    JSON,
    Column,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    TypeDecorator,
    event,
)
from sqlalchemy.orm import registry, relationship

from services.scheduling.domain.dialogue import Offer
from services.scheduling.domain.model import Booking, Session, Slot
from shared.bus.tables import bus_metadata
from shared.db import UtcDateTime
from shared.staff_sessions import staff_sessions_metadata


class CodeTuple(TypeDecorator[tuple[str, ...]]):
    """A tuple of short codes kept as 'a,b,c' (codes never contain commas)."""

    impl = String(200)
    cache_ok = True

    def process_bind_param(self, value: tuple[str, ...] | None, dialect: Dialect) -> str:
        return ",".join(value or ())

    def process_result_value(self, value: str | None, dialect: Dialect) -> tuple[str, ...]:
        return tuple(code for code in (value or "").split(",") if code)


metadata = MetaData()

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

# The database's own guard behind the slot lock: one confirmed place per person per session
# (and so per slot), whatever races past the application.
CONFIRMED_ONLY = bookings.c.status == "confirmed"
Index(
    "uq_bookings_slot_participant",
    bookings.c.slot_id,
    bookings.c.participant_id,
    unique=True,
    sqlite_where=CONFIRMED_ONLY,
    postgresql_where=CONFIRMED_ONLY,
)
Index(
    "uq_bookings_session_participant",
    bookings.c.session_id,
    bookings.c.participant_id,
    unique=True,
    sqlite_where=CONFIRMED_ONLY,
    postgresql_where=CONFIRMED_ONLY,
)

# Who was invited to which activity (from recruitment.invitation): what BOOK offers them.
invitations = Table(
    "invitations",
    metadata,
    Column("participant_id", String(36), primary_key=True),
    Column("activity_id", String(36), primary_key=True),
    Column("invited_at", UtcDateTime, nullable=False),
)

# The numbered times last texted to someone: a number in reply books from the open one.
sms_offers = Table(
    "sms_offers",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("participant_id", String(36), nullable=False),
    Column("activity_id", String(36), nullable=False),
    Column("slot_ids", JSON, nullable=False),
    Column("reason", String(10), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("status", String(10), nullable=False),
    Index("ix_sms_offers_participant", "participant_id", "created_at"),
)

target_metadata = [metadata, bus_metadata, staff_sessions_metadata]


def _give_events(target: object, _context: object) -> None:
    target.events = []  # type: ignore[attr-defined]  # as the domain's constructors do


@functools.cache
def start_mappers() -> None:
    mappers = registry()
    mappers.map_imperatively(Booking, bookings)
    mappers.map_imperatively(Offer, sms_offers)
    mappers.map_imperatively(
        Slot,
        slots,
        properties={
            "bookings": relationship(Booking, order_by=bookings.c.booked_at),
            "session": relationship(Session, back_populates="slots"),
        },
    )
    mappers.map_imperatively(
        Session,
        sessions,
        properties={
            "slots": relationship(Slot, back_populates="session", order_by=slots.c.starts_at)
        },
    )
    for cls in (Session, Slot):
        event.listen(cls, "load", _give_events)
