"""What a booking use case answers with (booking, waitlist and approval handlers alike)."""

from __future__ import annotations

from dataclasses import dataclass

from services.scheduling.sessions.domain.booking import Booking
from services.scheduling.sessions.domain.places import BookableTime


@dataclass(frozen=True)
class BookingResult:
    booking: Booking
    slot: BookableTime  # a Slot, or the booking desk's SlotAtDesk
    created: bool = False  # True only when this request made the booking
