"""A person's booking of one slot, its states, and the refusal every booking rule raises."""

from __future__ import annotations

from datetime import datetime

CONFIRMED, CANCELLED = "confirmed", "cancelled"
# A session that needs approval books "pending" (holding the place) until approved or rejected.
PENDING, REJECTED = "pending", "rejected"


class BookingRefused(Exception):
    """A booking or cancellation the rules do not allow; `reason` is a code, `message` is
    safe to read out to the person."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


class Booking:
    def __init__(
        self, id: str, session_id: str, slot_id: str, participant_id: str, booked_at: datetime
    ) -> None:
        self.id = id
        self.session_id = session_id
        self.slot_id = slot_id
        self.participant_id = participant_id
        self.status = CONFIRMED
        self.booked_at = booked_at
        self.cancelled_at: datetime | None = None
        self.booked_via: str | None = None  # web, sms or coordinator

    @property
    def holds_place(self) -> bool:
        """Confirmed, or pending a coordinator's approval."""
        return self.status in (CONFIRMED, PENDING)
