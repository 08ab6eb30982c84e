"""What "choose a time" shows for one activity (the invitation's link lands here): every
session's times with places left, format, place and access; the person's bookings, waitlist
places and held places in it; and the full times they could wait for. Reads only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.scheduling.booking.adapters.participant_reads import (
    activity_sessions,
    allowed_activities,
    bookable_session,
    held_bookings,
    my_booking,
)
from services.scheduling.booking.ports import ActivityChoices
from services.scheduling.waitlist.adapters.my_waits import my_waits


def activity_for(
    participant_id: str, activity_id: str, uow: Any, now: datetime
) -> ActivityChoices | None:
    """None unless they were invited to this activity or hold a booking in it."""
    with uow:
        db = uow.session
        held = held_bookings(db, participant_id, now)
        if activity_id not in allowed_activities(db, participant_id, held):
            return None
        mine = {b.session_id: b for b in held}
        views = tuple(
            bookable_session(s, now, my_booking(mine[s.id], now) if s.id in mine else None)
            for s in activity_sessions(db, {activity_id}, now, participant_id)
            if any(slot.starts_at > now for slot in s.slots)
        )
        waits = tuple(w for w in my_waits(db, participant_id, now) if w.activity_id == activity_id)
        title = views[0].activity_title if views else None
        return ActivityChoices(activity_id, title, views, waits)
