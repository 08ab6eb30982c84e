"""What a participant asks of their own equality answers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SaveEqualityAnswers:
    participant_id: str
    organisation_id: str  # the organisation they answer for (one they are with)
    answers: dict[str, str | None]  # question -> answer; None: skipped


@dataclass(frozen=True)
class DeleteEqualityAnswers:
    participant_id: str
    organisation_id: str  # the answers given to this organisation; others' stay
