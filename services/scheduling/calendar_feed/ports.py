"""What the calendar feed needs kept and read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from shared.calendar import FeedEntry


@dataclass(frozen=True)
class Feed:
    organisation_id: str
    entries: tuple[FeedEntry, ...]


class CalendarFeeds(Protocol):
    def replace(self, staff_id: str, organisation_id: str, token: str, now: datetime) -> None:
        """Keep this token as the staff member's only one."""
        ...


class CalendarFeedReads(Protocol):
    def token_of(self, staff_id: str, organisation_id: str) -> str | None:
        """The staff member's current token for this organisation, if they made one."""
        ...

    def feed(self, token: str, since: datetime) -> Feed | None:
        """The times of the token's organisation's sessions ending after `since`; None for a
        token nobody holds, or whose holder is no longer an organiser there."""
        ...
