"""Scheduling's tables and their mapping onto the domain model."""

from __future__ import annotations

import functools

from sqlalchemy import (
    JSON,
    Boolean,
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
    false,
)
from sqlalchemy.orm import class_mapper, registry, relationship

from services.scheduling.attendance.domain import Attendance
from services.scheduling.polls.domain import Poll, PollAnswer, PollOption
from services.scheduling.sessions.domain.model import Booking, Session, Slot
from services.scheduling.sms_dialogue.domain import Offer
from services.scheduling.waitlist.domain import WaitlistEntry
from shared.bus.tables import bus_metadata
from shared.db import UtcDateTime
from shared.participant_sessions import participant_sessions_metadata
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

# How each booked person took part (one record per booking; payments pays from it).
attendance = Table(
    "attendance",
    metadata,
    Column("booking_id", String(36), ForeignKey("bookings.id"), primary_key=True),
    Column("outcome", String(20), nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("recorded_by", String(36), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
)

# Reminders already announced: one row per booking and offset, so each goes once.
reminders = Table(
    "reminders",
    metadata,
    Column("booking_id", String(36), ForeignKey("bookings.id"), primary_key=True),
    Column("minutes_before", Integer, primary_key=True),
    Column("announced_at", UtcDateTime, nullable=False),
)

# Only the access and support needs of people (from recruitment.contact), for the
# coordinator's "what to arrange" summary; nothing else of the contact is kept.
participant_needs = Table(
    "participant_needs",
    metadata,
    Column("participant_id", String(36), primary_key=True),
    Column("needs", CodeTuple, nullable=False),
)

# Waitlists (domain/waitlist.py): one row per person per slot, in the order they joined; an
# "offered" row is a hold on a place until hold_expires_at. Approval: sessions.requires_approval.
waitlist_entries = Table(
    "waitlist_entries",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("slot_id", String(36), ForeignKey("slots.id"), nullable=False),
    Column("session_id", String(36), ForeignKey("sessions.id"), nullable=False),
    Column("participant_id", String(36), nullable=False, index=True),
    Column("joined_at", UtcDateTime, nullable=False),
    Column("status", String(10), nullable=False),
    Column("offered_at", UtcDateTime, nullable=True),
    Column("hold_expires_at", UtcDateTime, nullable=True),
    Column("booking_id", String(36), nullable=True),
    Index("uq_waitlist_slot_participant", "slot_id", "participant_id", unique=True),
    Index("ix_waitlist_status_expiry", "status", "hold_expires_at"),
)
sessions.append_column(
    Column("requires_approval", Boolean, nullable=False, default=False, server_default=false())
)
# How to find the way in, and the minimum group size (domain/group_size.py): migration 0008.
sessions.append_column(Column("directions", String(500), nullable=True))
slots.append_column(Column("min_group_size", Integer, nullable=True))
slots.append_column(Column("decision_at", UtcDateTime, nullable=True))
slots.append_column(Column("confirmed_to_run_at", UtcDateTime, nullable=True))

# Availability polls (domain/poll.py): up to 9 numbered times, who was invited, and each
# person's answer (the numbers that suit them; [] for none). Migration 0007.
polls = Table(
    "polls",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("activity_id", String(36), nullable=False, index=True),
    Column("title", String(120), nullable=False),
    Column("format", String(10), nullable=False),
    Column("location", String(300), nullable=True),
    Column("joining_url", String(500), nullable=True),
    Column("closes_at", UtcDateTime, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("status", String(10), nullable=False),
    Column("closed_at", UtcDateTime, nullable=True),
)
poll_options = Table(
    "poll_options",
    metadata,
    Column("poll_id", String(36), ForeignKey("polls.id"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("ends_at", UtcDateTime, nullable=False),
    # The session this time became (migration 0009), so a second click cannot make another.
    Column("session_id", String(36), nullable=True),
)
poll_invitations = Table(
    "poll_invitations",
    metadata,
    Column("poll_id", String(36), ForeignKey("polls.id"), primary_key=True),
    Column("participant_id", String(36), primary_key=True),
    Column("invited_at", UtcDateTime, nullable=False),
    Index("ix_poll_invitations_participant", "participant_id", "invited_at"),
)
poll_answers = Table(
    "poll_answers",
    metadata,
    Column("poll_id", String(36), ForeignKey("polls.id"), primary_key=True),
    Column("participant_id", String(36), primary_key=True),
    Column("choices", JSON, nullable=False),
    Column("answered_at", UtcDateTime, nullable=False),
    Column("via", String(10), nullable=False),
)

# People who withdrew their consent to take part (service_layer/forgetting.py): no new
# bookings, poll invitations or reminders until they consent again. Migration 0010.
withdrawn_participants = Table(
    "withdrawn_participants",
    metadata,
    Column("participant_id", String(36), primary_key=True),
    Column("withdrawn_at", UtcDateTime, nullable=False),
)

# Names for staff pages only (migration 0011): participants' preferred names from
# recruitment.contact (emptied by its tombstone and by erasure) and staff names from
# recruitment.staff-profile. Nothing else of either is kept.
participant_names = Table(
    "participant_names",
    metadata,
    Column("participant_id", String(36), primary_key=True),
    Column("preferred_name", String(100), nullable=False),
)
staff_names = Table(
    "staff_names",
    metadata,
    Column("staff_id", String(36), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
    # The account's roles and whether it is active, for staff sessions here (migration 0012;
    # None until a StaffProfileChanged carrying them arrives).
    Column("roles", JSON, nullable=True),
    Column("active", Boolean, nullable=True),
)
# Staff tasks as last announced (service_layer/staff_tasks.py), so each change goes out once.
staff_tasks = Table(
    "staff_tasks",
    metadata,
    Column("task_id", String(36), primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("state", String(10), nullable=False),
    Column("session_id", String(36), nullable=False),
    Column("slot_id", String(36), nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
    Index("ix_staff_tasks_state", "state", "kind"),
)
# How each booking was made: web, sms or coordinator (null for bookings made before 0011).
bookings.append_column(Column("booked_via", String(12), nullable=True))

target_metadata = [
    metadata,
    bus_metadata,
    staff_sessions_metadata,
    participant_sessions_metadata,
]


def _give_events(target: object, _context: object) -> None:
    target.events = []  # type: ignore[attr-defined]  # as the domain's constructors do


@functools.cache
def start_mappers() -> None:
    mappers = registry()
    mappers.map_imperatively(Booking, bookings)
    mappers.map_imperatively(Offer, sms_offers)
    mappers.map_imperatively(Attendance, attendance)
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
    mappers.map_imperatively(WaitlistEntry, waitlist_entries)
    _map_polls(mappers)
    mappers.configure()
    class_mapper(Slot).add_property(
        "waitlist", relationship(WaitlistEntry, order_by=waitlist_entries.c.joined_at)
    )


def _map_polls(mappers: registry) -> None:
    mappers.map_imperatively(PollOption, poll_options)
    mappers.map_imperatively(PollAnswer, poll_answers)
    mappers.map_imperatively(
        Poll,
        polls,
        properties={
            "options": relationship(
                PollOption, order_by=poll_options.c.number, cascade="all, delete-orphan"
            )
        },
    )
