"""Booking one place, the hot path: the slot as the booking desk sees it.

Loading a whole Slot (its bookings, waitlist and session, as mapped objects) to add one booking
cost more than the booking itself. The desk reads instead what the rules need, under the slot's
lock: the time, its session, how many places are taken (the slot row's count, which the
database keeps) and the person's standing. The rules are the Slot's own (sessions/domain/places.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from services.scheduling.sessions.domain import places
from services.scheduling.sessions.domain.booking import Booking


@dataclass(frozen=True)
class SessionAtDesk:
    id: str
    activity_id: str
    activity_title: str
    format: str
    location: str | None
    joining_url: str | None
    requires_approval: bool
    cancelled_at: datetime | None


@dataclass
class SlotAtDesk:
    id: str
    session_id: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    booking_opens_at: datetime
    booking_closes_at: datetime
    session: SessionAtDesk
    places_taken: int  # confirmed, pending approval and held for the waitlist (offered)
    held: Booking | None  # the person's place in this session (confirmed or pending), if any
    withdrawn: bool  # they took back their consent to take part
    outsider: bool = False  # a panel's meeting, and they are not a member of the panel
    events: list[object] = field(default_factory=list)

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.places_taken, 0)

    def book(self, participant_id: str, now: datetime, via: str) -> Booking:
        """The person's booking: the one they hold here already, or a new one (then the desk
        counts it taken). Raises BookingRefused as Slot.book does."""
        booking = places.take_place(self, self.session, participant_id, self.held, now, via)
        if booking is not self.held:
            self.places_taken += 1
        return booking
