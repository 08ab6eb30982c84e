"""What callers ask of bookings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BookSlot:
    slot_id: str
    participant_id: str
    booked_via: str = "coordinator"  # web and sms come with the participant pages and dialogue


@dataclass(frozen=True)
class CancelBooking:
    booking_id: str


@dataclass(frozen=True)
class MoveBooking:
    """Book this time, moving the booking they hold in the same session if any (the web)."""

    slot_id: str
    participant_id: str
    booked_via: str = "web"
