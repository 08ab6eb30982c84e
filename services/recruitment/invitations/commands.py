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


@dataclass(frozen=True)
class PutOnDoNotContact:
    """They asked never to be contacted again: no invitation, reminder or poll, anywhere."""

    participant_id: str


@dataclass(frozen=True)
class TakeOffDoNotContact:
    """They told a coordinator they want to hear from us again."""

    participant_id: str


@dataclass(frozen=True)
class Shortlist:
    activity_id: str
    participant_ids: tuple[str, ...]
