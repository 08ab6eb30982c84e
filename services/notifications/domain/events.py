"""Facts the notifications domain records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class MessageSent:
    message_id: str
    participant_id: str
    channel: str
    template: str
    status: str
    # Whose message and when (recruitment's history for staff shows it, never its words).
    activity_id: str | None = None
    organisation_id: str | None = None
    sent_at: datetime | None = None


@dataclass(frozen=True)
class MessageDeliveryFailed:
    """The message will not reach the person: the asking service may try another way."""

    message_id: str
    participant_id: str
    activity_id: str | None
    channel: str
    template: str
    reason: str  # rejected | opted_out | gave_up | undelivered | failed
    provider_code: str | None
    failed_at: datetime


@dataclass(frozen=True)
class MessageDelivered:
    """The carrier's receipt says the text reached the phone (Twilio's `delivered` callback).
    Email has no such receipt: an email is only ever known to be sent."""

    message_id: str
    participant_id: str
    activity_id: str | None
    organisation_id: str | None
    channel: str
    template: str
    delivered_at: datetime
