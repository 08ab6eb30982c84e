"""What a person's history page reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    kind: str  # one of history.domain's kinds
    activity_id: str | None
    details: dict[str, Any] = field(default_factory=dict)
    activity_title: str | None = None


@dataclass(frozen=True)
class PersonHistory:
    participant_id: str
    name: str
    contact_note: str | None
    lines: tuple[HistoryLine, ...]


class HistoryViews(Protocol):
    def person(self, participant_id: str) -> PersonHistory | None:
        """The person's history as the current organisation may see it; None if they never
        signed up to one of its activities (or are unknown)."""
        ...


class HistoryRepository(Protocol):
    """What the projection writes through (adapters.SqlAlchemyHistory)."""

    def add(self, fact: Any) -> None: ...
    def activity_of(self, participant_id: str, subject_id: str | None) -> str | None: ...
    def organisations_with(self, participant_id: str) -> set[str]: ...
    def message_line(
        self, participant_id: str, message_id: str
    ) -> tuple[int, dict[str, Any]] | None: ...
    def change_details(self, line_id: int, details: dict[str, Any]) -> None: ...
    def forget_in_organisation(self, participant_id: str, organisation_id: str) -> None: ...
    def note_of(self, participant_id: str) -> str | None: ...
    def set_note(self, participant_id: str, note: str, now: datetime) -> None: ...
