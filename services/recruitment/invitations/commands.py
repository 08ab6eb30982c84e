"""What callers ask of invitations."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReleaseDueInvitations:
    """Idle work: send the invitations whose wave is due."""

    batch: int = 200
