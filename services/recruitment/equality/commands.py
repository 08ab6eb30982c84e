"""What a participant asks of their own equality answers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SaveEqualityAnswers:
    participant_id: str
    answers: dict[str, str | None]  # question -> answer; None: skipped


@dataclass(frozen=True)
class DeleteEqualityAnswers:
    participant_id: str
