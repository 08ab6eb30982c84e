"""Calling a whole session off: every booking is cancelled by the organisers (so the person's
cut-off does not apply) and everyone booked is told through BookingCancelled."""

from __future__ import annotations

from datetime import datetime, timedelta

from services.scheduling.domain.events import SessionCancelled
from services.scheduling.sessions.domain.booking import BookingRefused
from services.scheduling.sessions.domain.model import Session

# Cancelling this close to the start is "late": payments' policy decides what it still pays.
LATE_CANCELLATION = timedelta(hours=48)


def cancel_session(
    session: Session, now: datetime, late_window: timedelta = LATE_CANCELLATION
) -> None:
    if session.cancelled_at is not None:
        return  # already called off: nothing more to say
    to_come = [slot for slot in session.slots if slot.starts_at > now]
    if not to_come:
        raise BookingRefused("over", "This session has already taken place.")
    session.cancelled_at = now
    cancelled = []
    for slot in to_come:
        for booking in slot.confirmed:
            slot.cancel(booking, now, cause="session_cancelled")
            cancelled.append(booking.id)
    first = min(slot.starts_at for slot in to_come)
    session.events.append(
        SessionCancelled(
            session.id, session.activity_id, first, now, first - now < late_window, cancelled
        )
    )
