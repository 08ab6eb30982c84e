"""What a booking use case answers with (booking, waitlist and approval handlers alike)."""

from __future__ import annotations

from dataclasses import dataclass

from services.scheduling.sessions.domain.booking import Booking
from services.scheduling.sessions.domain.model import Slot


@dataclass(frozen=True)
class BookingResult:
    booking: Booking
    slot: Slot
    created: bool = False  # True only when this request made the booking
