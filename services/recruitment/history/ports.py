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
