"""The rules for taking a place at a time, one copy for every shape a slot comes in: the
mapped Slot (model.py, its bookings loaded) and the booking desk's snapshot read under the
slot's lock (booking/domain/desk.py, its places counted by the database)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Protocol

from services.scheduling.domain.events import BookingConfirmed
from services.scheduling.sessions.domain.booking import PENDING, Booking, BookingRefused


class SessionOfTime(Protocol):
    """What booking reads of the session a time belongs to (Session has all of it)."""

    @property
    def id(self) -> str: ...
    @property
    def activity_id(self) -> str: ...
    @property
    def activity_title(self) -> str: ...
    @property
    def format(self) -> str: ...
    @property
    def location(self) -> str | None: ...
    @property
    def joining_url(self) -> str | None: ...
    @property
    def requires_approval(self) -> bool: ...
    @property
    def cancelled_at(self) -> datetime | None: ...


class BookableTime(Protocol):
    """A time as the rules see it: when it is, when booking is open, how many places are left."""

    @property
    def id(self) -> str: ...
    @property
    def session_id(self) -> str: ...
    @property
    def starts_at(self) -> datetime: ...
    @property
    def ends_at(self) -> datetime: ...
    @property
    def booking_opens_at(self) -> datetime: ...
    @property
    def booking_closes_at(self) -> datetime: ...
    @property
    def places_left(self) -> int: ...
    @property
    def events(self) -> list[object]: ...


def check_bookable(time: BookableTime, session: SessionOfTime | None, now: datetime) -> None:
    """Raises BookingRefused when nobody could book this time now."""
    if session is not None and session.cancelled_at is not None:
        raise BookingRefused("cancelled", "This session has been cancelled.")
    if now >= time.starts_at:
        raise BookingRefused("started", "This time has already started.")
    if now < time.booking_opens_at:
        raise BookingRefused("not_open", "Booking for this time has not opened yet.")
    if now >= time.booking_closes_at:
        raise BookingRefused("closed", "Booking for this time has closed.")
    if time.places_left == 0:
        raise BookingRefused("full", "This time is full.")


def take_place(
    time: BookableTime,
    session: SessionOfTime,
    participant_id: str,
    held: Booking | None,
    now: datetime,
    via: str,
) -> Booking:
    """`held` is the place the person holds in this session (confirmed or pending), if any
    (the unique indexes of migration 0012 back this up). Asking again for the same time gives
    the same booking back (a double click, a repeated text). A new booking is confirmed and
    announced on `time.events`, or pending a coordinator's approval (announced when approved);
    the caller keeps it with the time's bookings."""
    if held is not None:
        if held.slot_id == time.id:
            return held
        raise BookingRefused("already_booked", "This person already has a place at another time.")
    check_bookable(time, session, now)
    booking = Booking(str(uuid.uuid4()), time.session_id, time.id, participant_id, now)
    booking.booked_via = via
    if session.requires_approval:
        booking.status = PENDING
    else:
        time.events.append(confirmation(time, session, booking, via))
    return booking


def confirmation(
    time: BookableTime, session: SessionOfTime, booking: Booking, via: str
) -> BookingConfirmed:
    return BookingConfirmed(
        booking.id,
        booking.participant_id,
        session.activity_id,
        session.id,
        time.id,
        session.activity_title,
        time.starts_at,
        time.ends_at,
        session.format,
        session.location,
        session.joining_url,
        via,
    )
