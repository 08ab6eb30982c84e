"""Facts the scheduling domain records; adapters decide how each is announced."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SlotPublished:
    slot_id: str
    session_id: str
    activity_id: str
    format: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    booking_opens_at: datetime
    booking_closes_at: datetime


@dataclass(frozen=True)
class BookingConfirmed:
    booking_id: str
    participant_id: str
    activity_id: str
    session_id: str
    slot_id: str
    activity_title: str
    starts_at: datetime
    ends_at: datetime
    format: str
    location: str | None
    joining_url: str | None
    booked_via: str  # web, sms or coordinator


@dataclass(frozen=True)
class BookingCancelled:
    booking_id: str
    participant_id: str
    activity_id: str
    session_id: str
    slot_id: str
    starts_at: datetime
    cancelled_at: datetime


@dataclass(frozen=True)
class BookingOption:
    choice: int
    slot_id: str
    starts_at: datetime
    format: str
    location: str | None


@dataclass(frozen=True)
class BookingOptionsOffered:
    offer_id: str
    participant_id: str
    activity_id: str
    activity_title: str
    options: list[BookingOption]
    reason: str  # asked | invited | changed | expired | full
    expires_at: datetime


@dataclass(frozen=True)
class BookingReplyNotUnderstood:
    participant_id: str
    activity_id: str | None
    hint: str  # choose_a_number | nothing_to_book | nothing_to_cancel | too_late_to_cancel
    choices: int | None = None
