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
    def replace(self, staff_id: str, organisation_id: str, token_hash: str, now: datetime) -> None:
        """Keep this hash as the staff member's only feed in this organisation."""
        ...


class CalendarFeedReads(Protocol):
    def made_at(self, staff_id: str, organisation_id: str) -> datetime | None:
        """When the staff member's feed in this organisation was made, if they have one (its
        secret is never kept, so never read back)."""
        ...

    def feed(self, token: str, since: datetime) -> Feed | None:
        """The times of the sessions of the token's organisation ending after `since`; None
        for a token nobody holds (never made, or reset), or whose holder is no longer an
        organiser there."""
        ...
