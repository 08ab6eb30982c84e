"""What this feature's pages read (the shapes) and the read model that answers them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class PollTime:
    number: int
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class InvitedPoll:
    """What an invited person sees of a poll, and what they answered last (None: not yet)."""

    poll_id: str
    title: str
    format: str
    location: str | None
    closes_at: datetime
    is_open: bool
    options: list[PollTime]
    chosen: list[int] | None


@dataclass(frozen=True)
class PollRow:
    poll_id: str
    title: str
    first_starts_at: datetime
    times: int
    closes_at: datetime
    is_open: bool


class PollReads(Protocol):
    """The coordinators' list and results, and an invited person's view of a poll."""

    def listed(self, now: datetime) -> list[PollRow]: ...
    def results(self, poll_id: str, now: datetime) -> dict[str, Any] | None: ...
    def invited_poll(
        self, poll_id: str, participant_id: str, now: datetime
    ) -> InvitedPoll | None: ...
