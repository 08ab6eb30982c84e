"""What callers ask of waitlists, holds and approvals."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class JoinWaitlist:
    slot_id: str
    participant_id: str


@dataclass(frozen=True)
class AcceptHold:
    hold_id: str
    via: str = "coordinator"  # or web (the participant's page), sms (TAKE)


@dataclass(frozen=True)
class GiveUpPlace:
    """Leave a waitlist, or turn down the place held for them."""

    entry_id: str
    participant_id: str


@dataclass(frozen=True)
class ApproveBooking:
    booking_id: str


@dataclass(frozen=True)
class RejectBooking:
    booking_id: str
