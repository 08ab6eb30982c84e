"""Letting go of a person who withdrew their consent to take part or asked to be forgotten:
their places are freed without a word to them (there is nobody to tell, and no message may go),
so the waitlist passes the place on as usual."""

from __future__ import annotations

from datetime import datetime

from services.scheduling.sessions.domain.booking import (
    CANCELLED,
    CONFIRMED,
    PENDING,
    Booking,
    BookingRefused,
)
from services.scheduling.waitlist.domain import LEFT, OFFERED, WAITING, WaitlistEntry

WITHDRAWN_MESSAGE = (
    "You told us you no longer want to take part, so we cannot book a place for you. "
    "To take part again, contact the team who invited you."
)


def withdrawn() -> BookingRefused:
    return BookingRefused("withdrawn", WITHDRAWN_MESSAGE)


def release(booking: Booking, now: datetime) -> bool:
    """Frees a confirmed or pending place, announcing nothing (unlike Slot.cancel, whose
    BookingCancelled tells the person). False when there was nothing to free."""
    if booking.status not in (CONFIRMED, PENDING):
        return False
    booking.status = CANCELLED
    booking.cancelled_at = now
    return True


def leave_line(entry: WaitlistEntry) -> bool:
    """Out of the queue; a place held for them goes back to the slot. True if it held one."""
    held = entry.status == OFFERED
    if entry.status in (WAITING, OFFERED):
        entry.status = LEFT
    return held
