"""The fact recruitment announces when an outcome is published (OutcomePublished)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class OutcomePublished:
    outcome_id: str
    activity_id: str
    activity_title: str
    organisation_id: str
    outcome_title: str
    status: str
    published_at: datetime
    page_path: str
    participant_ids: list[str]
