"""Moving a booking to another time of the same session, as one act.

Every refusal (the new time is full or closed, the old one is past its cut-off) comes before
any change. The events say: the old place freed (cause "moved"), the new one taken (naming the
booking it replaces), and BookingMoved; in that order, whatever order the slots are saved in.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from services.scheduling.domain.events import BookingConfirmed, BookingMoved
from services.scheduling.sessions.domain.booking import Booking
from services.scheduling.sessions.domain.model import Slot


def move(held: Booking, old: Slot, new: Slot, now: datetime, via: str) -> Booking:
    new.check_bookable(now)
    if new.session is not None and new.session.requires_approval:
        # The new time waits for a coordinator (pending, announced when approved), so nothing
        # says "moved": the old place is given up as a plain cancellation, which tells them.
        old.cancel(held, now)
        return new.book(held.participant_id, None, now, via)
    old.cancel(held, now, cause="moved")
    booking = new.book(held.participant_id, None, now, via)
    confirmed = new.events.pop()
    assert isinstance(confirmed, BookingConfirmed)
    session = new.session
    assert session is not None
    new.events.extend(
        [
            *old.events,  # the cancellation first
            dataclasses.replace(confirmed, moved_from_booking_id=held.id),
            BookingMoved(
                held.id,
                booking.id,
                held.participant_id,
                session.activity_id,
                session.id,
                old.id,
                new.id,
                now,
            ),
        ]
    )
    old.events.clear()
    return booking
