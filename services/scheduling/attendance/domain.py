"""How a booked person took part: recorded by a coordinator after the session starts.

Payments pays from it (pro rata for partial attendance), so the minutes must make sense; a
no-show leads to a kind check-in message, never a penalty.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.scheduling.domain.events import AttendanceRecorded
from services.scheduling.sessions.domain.booking import CONFIRMED, Booking, BookingRefused
from services.scheduling.sessions.domain.model import Slot

ATTENDED, PARTLY, NO_SHOW, EXCUSED = "attended", "partly_attended", "no_show", "excused"
OUTCOMES = (ATTENDED, PARTLY, NO_SHOW, EXCUSED)


@dataclass
class Attendance:
    booking_id: str
    outcome: str
    minutes: int
    recorded_by: str
    recorded_at: datetime


def record_attendance(
    slot: Slot, booking: Booking, outcome: str, minutes: int | None, by: str, now: datetime
) -> Attendance:
    """Checks the outcome against the session's length and returns the record; the slot
    carries the AttendanceRecorded event."""
    if booking.status != CONFIRMED:
        raise BookingRefused("not_booked", "Only a confirmed booking can have attendance.")
    if now < slot.starts_at:
        raise BookingRefused("not_started", "Record attendance once the session has started.")
    length = int((slot.ends_at - slot.starts_at).total_seconds() // 60)
    minutes = _minutes(outcome, minutes, length)
    session = slot.session
    assert session is not None  # a slot is always loaded with its session
    slot.events.append(
        AttendanceRecorded(
            booking.id,
            booking.participant_id,
            session.activity_id,
            session.id,
            slot.id,
            outcome,
            minutes,
            length,
            slot.starts_at,
            by,
            now,
            session.activity_title,
        )
    )
    return Attendance(booking.id, outcome, minutes, by, now)


def _minutes(outcome: str, minutes: int | None, length: int) -> int:
    if outcome == ATTENDED:
        if minutes not in (None, length):
            raise BookingRefused("minutes", f"Attended means the whole {length} minutes.")
        return length
    if outcome == PARTLY:
        if minutes is None or not 0 < minutes < length:
            raise BookingRefused(
                "minutes", f"Enter the minutes they took part, from 1 to {length - 1}."
            )
        return minutes
    if outcome in (NO_SHOW, EXCUSED):
        if minutes:
            raise BookingRefused("minutes", "Someone who did not come has no minutes.")
        return 0
    raise BookingRefused("outcome", f"Choose one of: {', '.join(OUTCOMES)}.")
