"""Facts the recruitment domain records; adapters decide how each is announced."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ParticipantSignedUp:
    participant_id: str
    sign_up_channel: str
    preferred_channel: str
    language: str
    signed_up_at: datetime


@dataclass(frozen=True)
class ContactDetailsChanged:
    participant_id: str
    preferred_name: str
    phone: str | None
    email: str | None
    preferred_channel: str
    language: str
