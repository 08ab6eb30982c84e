"""Invitations to an activity, sent in waves, never to someone who has been asked too often,
withdrew, or is on the do-not-contact list."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

CONTACT_WINDOW = timedelta(days=30)
SKIP_REASONS = ("withdrawn", "do_not_contact", "asked_recently", "erased")


@dataclass
class Invitation:
    id: str
    activity_id: str
    participant_id: str
    wave: int
    due_at: datetime
    respond_by: datetime | None
    status: str  # waiting, sent, skipped
    reason: str | None = None
    sent_at: datetime | None = None

    @property
    def waiting(self) -> bool:
        return self.status == "waiting"


def plan_waves(
    activity_id: str,
    participant_ids: list[str],
    wave_size: int,
    minutes_apart: int,
    respond_by: datetime | None,
    now: datetime,
) -> list[Invitation]:
    """Wave k goes out k * minutes_apart after now, so replies (and questions to the
    coordinator) come in at a pace a small team can answer."""
    return [
        Invitation(
            str(uuid.uuid4()),
            activity_id,
            participant_id,
            index // wave_size,
            now + timedelta(minutes=minutes_apart * (index // wave_size)),
            respond_by,
            "waiting",
        )
        for index, participant_id in enumerate(dict.fromkeys(participant_ids))
    ]


def why_not_send(active: bool, do_not_contact: bool, sent_recently: int, limit: int) -> str | None:
    """The reason an invitation must be skipped, or None to send it."""
    if do_not_contact:
        return "do_not_contact"
    if not active:
        return "withdrawn"
    if sent_recently >= limit:
        return "asked_recently"
    return None
