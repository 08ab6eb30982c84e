"""What coordinators and invited people ask of availability polls."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from services.scheduling.polls.domain import OptionPlan


@dataclass(frozen=True)
class CreatePoll:
    activity_id: str
    title: str
    format: str
    location: str | None
    joining_url: str | None
    options: tuple[OptionPlan, ...]
    closes_at: datetime


@dataclass(frozen=True)
class InviteToPoll:
    poll_id: str
    participant_ids: Sequence[str]


@dataclass(frozen=True)
class AnswerPoll:
    poll_id: str
    participant_id: str
    choices: frozenset[int]
    via: str  # web | sms


@dataclass(frozen=True)
class ClosePoll:
    poll_id: str


@dataclass(frozen=True)
class ScheduleFromPoll:
    """A session with one slot per chosen time of the poll."""

    poll_id: str
    numbers: Sequence[int]
    capacity: int
    access_features: tuple[str, ...]
    requires_approval: bool = False
