"""What the feedback feature needs from the database, and what its pages read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from services.scheduling.feedback.domain import FeedbackRequest, Summary


@dataclass(frozen=True)
class Attended:
    """A booking whose person took part in a time that has ended, not yet asked about."""

    booking_id: str
    participant_id: str
    session_id: str
    activity_id: str
    activity_title: str
    ends_at: datetime


class FeedbackRepository(Protocol):
    def add(self, request: FeedbackRequest) -> None: ...
    def get(self, request_id: str) -> FeedbackRequest | None: ...
    def awaiting(
        self, participant_id: str, organisation_id: str | None = None
    ) -> FeedbackRequest | None: ...
    def attended_unasked(
        self, now: datetime, delay: timedelta, limit: int = 200
    ) -> list[Attended]: ...
    def asks(self, activity_id: str) -> bool: ...
    def set_asking(self, activity_id: str, ask: bool, now: datetime) -> None: ...
    def is_ours(self, activity_id: str) -> bool: ...
    def stop_asking(self, participant_id: str, organisation_id: str, now: datetime) -> None: ...


@dataclass(frozen=True)
class FeedbackQuestion:
    """The web form's question, for the person asked."""

    request_id: str
    activity_id: str
    activity_title: str
    starts_at: datetime
    rating: int | None
    words: str | None
    answered: bool


@dataclass(frozen=True)
class SessionFeedback:
    session_id: str
    starts_at: datetime
    location: str | None
    summary: Summary


@dataclass(frozen=True)
class ActivityFeedback:
    """A coordinator's summary: the activity's, and each session's. Never who said what."""

    activity_id: str
    title: str
    asks: bool
    summary: Summary
    sessions: list[SessionFeedback]


class FeedbackReads(Protocol):
    def question(self, request_id: str, participant_id: str) -> FeedbackQuestion | None: ...
    def activity(self, activity_id: str) -> ActivityFeedback | None: ...
    def asks(self, activity_id: str) -> bool:
        """Whether people who come to the activity's sessions are asked how it went."""
        ...
