"""What a participant reads on their booking pages: their upcoming bookings and the times they
could book (no events, no writes). Only their own bookings, only activities they were invited to
or already hold a booking in."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import object_session, selectinload

from services.scheduling.adapters.tables.sms_dialogue import invitations
from services.scheduling.booking.ports import BookableSession, MyBooking, MyBookings, SlotChoice
from services.scheduling.panels.adapters import outside_panel
from services.scheduling.sessions.domain.booking import CONFIRMED, Booking
from services.scheduling.sessions.domain.model import Session, Slot
from services.scheduling.waitlist.adapters.my_waits import my_waits


def overview(participant_id: str, uow: Any, now: datetime) -> MyBookings:
    with uow:
        db = uow.session
        held = held_bookings(db, participant_id, now)
        allowed = allowed_activities(db, participant_id, held)
        sessions = activity_sessions(db, allowed, now, participant_id)
        held_sessions = {b.session_id for b in held}
        views = [
            bookable_session(s, now, None)
            for s in sessions
            if s.id not in held_sessions and any(slot.starts_at > now for slot in s.slots)
        ]
        waits = my_waits(db, participant_id, now)
        return MyBookings([my_booking(b, now) for b in held], views, waits)


def session_for(
    participant_id: str, session_id: str, uow: Any, now: datetime
) -> BookableSession | None:
    """The session with its times, or None if it is not one this person may book."""
    with uow:
        db = uow.session
        held = held_bookings(db, participant_id, now)
        session = uow.sessions.get(session_id)
        if session is None or session.activity_id not in allowed_activities(
            db, participant_id, held
        ):
            return None
        if uow.bookings.outside_panel(session_id, participant_id):
            return None  # a panel's meeting is for its members only
        mine = next((b for b in held if b.session_id == session_id), None)
        return bookable_session(session, now, my_booking(mine, now) if mine else None)


def booking_for(participant_id: str, booking_id: str, uow: Any, now: datetime) -> MyBooking | None:
    """Their own confirmed booking, or None (someone else's, cancelled, or no such booking)."""
    with uow:
        booking = uow.session.get(Booking, booking_id)
        if (
            booking is None
            or booking.participant_id != participant_id
            or booking.status != CONFIRMED
        ):
            return None
        return my_booking(booking, now)


def held_bookings(db: Any, participant_id: str, now: datetime) -> list[Booking]:
    """Their confirmed bookings that have not started, soonest first."""
    query = (
        select(Booking)
        .join(Slot, Booking.slot_id == Slot.id)  # type: ignore[arg-type]
        .where(
            Booking.participant_id == participant_id,  # type: ignore[arg-type]
            Booking.status == CONFIRMED,  # type: ignore[arg-type]
            Slot.starts_at > now,  # type: ignore[arg-type]
        )
        .order_by(Slot.starts_at)  # type: ignore[arg-type]
    )
    return list(db.scalars(query))


def allowed_activities(db: Any, participant_id: str, held: list[Booking]) -> set[str]:
    invited = db.scalars(
        select(invitations.c.activity_id).where(invitations.c.participant_id == participant_id)
    )
    booked = {_slot(db, b).session.activity_id for b in held}  # type: ignore[union-attr]
    return set(invited) | booked


def activity_sessions(
    db: Any, activity_ids: set[str], now: datetime, participant_id: str
) -> list[Session]:
    """The activities' sessions this person may book: not a panel's meetings unless they are
    one of its members (the pool invited to a panel's activity sees no times to book)."""
    if not activity_ids:
        return []
    query = (
        select(Session)
        .where(
            Session.activity_id.in_(activity_ids),  # type: ignore[attr-defined]
            ~outside_panel(Session.id, participant_id),
        )
        .options(selectinload(Session.slots).selectinload(Slot.bookings))  # type: ignore[arg-type]
    )
    found = list(db.scalars(query))
    return sorted(found, key=lambda s: min((x.starts_at for x in s.slots), default=now))


def _slot(db: Any, booking: Booking) -> Slot:
    slot = db.get(Slot, booking.slot_id)
    assert slot is not None  # a foreign key keeps every booking's slot
    return slot


def _bookable(slot: Slot, now: datetime) -> bool:
    return (
        slot.starts_at > now
        and slot.booking_opens_at <= now < slot.booking_closes_at
        and slot.places_left > 0
    )


def bookable_session(session: Session, now: datetime, held: MyBooking | None) -> BookableSession:
    slots = tuple(
        SlotChoice(
            s.id,
            s.starts_at,
            s.ends_at,
            s.places_left,
            _bookable(s, now),
            s.cancel_by,
            s.booking_opens_at <= now < s.booking_closes_at and s.places_left == 0,
        )
        for s in session.slots
        if s.starts_at > now
    )
    return BookableSession(
        session.id,
        session.activity_id,
        session.activity_title,
        session.format,
        session.location,
        tuple(session.access_features),
        slots,
        held,
        session.directions,
    )


def my_booking(booking: Booking, now: datetime) -> MyBooking:
    slot = _slot(object_session(booking), booking)
    session = slot.session
    assert session is not None  # a slot is always loaded with its session
    return MyBooking(
        booking.id,
        booking.session_id,
        booking.slot_id,
        session.activity_title,
        slot.starts_at,
        slot.ends_at,
        session.format,
        session.location,
        tuple(session.access_features),
        slot.cancel_by,
        now < slot.cancel_by,
        session.directions,
        session.joining_url,
    )
