"""Scheduling's mapping of its domain onto the tables (adapters/tables/, one module per
feature on one metadata), and the metadata Alembic compares the migrations with."""

from __future__ import annotations

import functools

from sqlalchemy import event
from sqlalchemy.orm import class_mapper, registry, relationship

# Importing a feature's tables adds them to the metadata: activities', people's and staff
# tasks' have no mapped class, so they are imported for Alembic's sake.
from services.scheduling.adapters.tables import (  # noqa: F401
    activities,
    arrangements,
    calendar_feeds,
    metadata,
    panels,
    people,
    staff_tasks,
)
from services.scheduling.adapters.tables.attendance import attendance
from services.scheduling.adapters.tables.feedback import feedback_requests
from services.scheduling.adapters.tables.polls import poll_answers, poll_options, polls
from services.scheduling.adapters.tables.sessions import bookings, sessions, slots
from services.scheduling.adapters.tables.sms_dialogue import sms_offers
from services.scheduling.adapters.tables.waitlist import waitlist_entries
from services.scheduling.attendance.domain import Attendance
from services.scheduling.feedback.domain import FeedbackRequest
from services.scheduling.polls.domain import Poll, PollAnswer, PollOption
from services.scheduling.sessions.domain.booking import Booking
from services.scheduling.sessions.domain.model import Session, Slot
from services.scheduling.sms_dialogue.domain import Offer
from services.scheduling.waitlist.domain import WaitlistEntry
from shared.bus.tables import bus_metadata
from shared.organisations import organisations_metadata
from shared.participant_sessions import participant_sessions_metadata
from shared.staff_sessions import staff_sessions_metadata

target_metadata = [
    metadata,
    bus_metadata,
    staff_sessions_metadata,
    participant_sessions_metadata,
    organisations_metadata,
]


def _give_events(target: object, _context: object) -> None:
    target.events = []  # type: ignore[attr-defined]  # as the domain's constructors do


@functools.cache
def start_mappers() -> None:
    mappers = registry()
    mappers.map_imperatively(Booking, bookings)
    mappers.map_imperatively(Offer, sms_offers)
    mappers.map_imperatively(Attendance, attendance)
    mappers.map_imperatively(FeedbackRequest, feedback_requests)
    mappers.map_imperatively(
        Slot,
        slots,
        properties={
            "bookings": relationship(Booking, order_by=bookings.c.booked_at),
            "session": relationship(Session, back_populates="slots"),
        },
        exclude_properties=["places_taken"],  # the database's triggers keep it
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
