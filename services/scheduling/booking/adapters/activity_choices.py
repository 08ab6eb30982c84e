"""What "choose a time" shows for one activity (the invitation's link lands here): every
session's times with places left, format, place and access; the person's bookings, waitlist
places and held places in it; and the full times they could wait for. Reads only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.scheduling.booking.adapters.participant_reads import (
    SessionView,
    SlotView,
    activity_sessions,
    allowed_activities,
    booking_view,
    held_bookings,
    session_view,
)
from services.scheduling.waitlist.adapters.my_waits import WaitView, my_waits


@dataclass(frozen=True)
class ActivityView:
    activity_id: str
    title: str | None  # None while the activity has no times yet
    sessions: tuple[SessionView, ...]
    waits: tuple[WaitView, ...]

    def _open_sessions(self) -> list[SessionView]:
        """Sessions where they hold no place and wait for no time: where they may choose."""
        waiting = {w.session_id for w in self.waits}
        return [s for s in self.sessions if s.held is None and s.session_id not in waiting]

    @property
    def choices(self) -> list[tuple[SessionView, SlotView]]:
        return [(s, slot) for s in self._open_sessions() for slot in s.slots if slot.bookable]

    @property
    def full(self) -> list[tuple[SessionView, SlotView]]:
        """Times they could join the waitlist for: every time they could book is full."""
        if self.choices:
            return []
        return [(s, slot) for s in self._open_sessions() for slot in s.slots if slot.full_now]

    @property
    def some_unbookable(self) -> bool:
        """Some time cannot be chosen now (full, or not open): the page lists all the times."""
        return any(not slot.bookable for s in self.sessions for slot in s.slots)

    @property
    def bookings(self) -> list[Any]:
        return [s.held for s in self.sessions if s.held is not None]

    def session_of(self, slot_id: str) -> SessionView | None:
        return next((s for s in self.sessions for x in s.slots if x.slot_id == slot_id), None)


def activity_for(
    participant_id: str, activity_id: str, uow: Any, now: datetime
) -> ActivityView | None:
    """None unless they were invited to this activity or hold a booking in it."""
    with uow:
        db = uow.session
        held = held_bookings(db, participant_id, now)
        if activity_id not in allowed_activities(db, participant_id, held):
            return None
        mine = {b.session_id: b for b in held}
        views = tuple(
            session_view(s, now, booking_view(mine[s.id], now) if s.id in mine else None)
            for s in activity_sessions(db, {activity_id}, now)
            if any(slot.starts_at > now for slot in s.slots)
        )
        waits = tuple(w for w in my_waits(db, participant_id, now) if w.activity_id == activity_id)
        title = views[0].activity_title if views else None
        return ActivityView(activity_id, title, views, waits)
