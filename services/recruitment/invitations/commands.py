"""What callers ask of invitations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ReleaseDueInvitations:
    """Idle work: send the invitations whose wave is due."""

    batch: int = 200


@dataclass(frozen=True)
class InviteWaves:
    activity_id: str
    participant_ids: list[str]
    wave_size: int
    minutes_apart: int
    respond_by: datetime | None
