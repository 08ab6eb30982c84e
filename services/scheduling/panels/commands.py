"""What coordinators and members ask of a panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from services.scheduling.panels.domain import Series


@dataclass(frozen=True)
class CreatePanel:
    activity_id: str
    title: str
    format: str
    location: str | None
    access_features: tuple[str, ...]
    joining_url: str | None


@dataclass(frozen=True)
class InviteMembers:
    activity_id: str
    participant_ids: tuple[str, ...]
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class RenewTerm:
    activity_id: str
    participant_id: str
    ends_on: date


@dataclass(frozen=True)
class EndTerm:
    """A coordinator ends a member's term now (the other answer to a renewal reminder)."""

    activity_id: str
    participant_id: str


@dataclass(frozen=True)
class AnswerMembership:
    activity_id: str
    participant_id: str
    answer: str  # yes | no
    via: str  # web | sms


@dataclass(frozen=True)
class LeavePanel:
    activity_id: str
    participant_id: str
    via: str


@dataclass(frozen=True)
class ScheduleSeries:
    activity_id: str
    series: Series
    capacity: int


@dataclass(frozen=True)
class ScheduleMeetings:
    activity_id: str
    times: tuple[tuple[datetime, datetime], ...]
    capacity: int


@dataclass(frozen=True)
class AnswerMeeting:
    session_id: str
    participant_id: str
    answer: str  # yes | no
    via: str
