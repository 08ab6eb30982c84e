"""What coordinators and participants ask of "you said, we did"."""

from __future__ import annotations

from dataclasses import dataclass

from services.recruitment.outcomes.domain.outcome import OutcomeWords


@dataclass(frozen=True)
class RecordOutcome:
    activity_id: str
    words: OutcomeWords
    staff_id: str | None


@dataclass(frozen=True)
class EditOutcome:
    activity_id: str
    outcome_id: str
    words: OutcomeWords


@dataclass(frozen=True)
class PublishOutcome:
    activity_id: str
    outcome_id: str


@dataclass(frozen=True)
class ChooseOutcomeUpdates:
    """The person's own choice (their page, or NO UPDATES / UPDATES by text)."""

    participant_id: str
    wanted: bool
