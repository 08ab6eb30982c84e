"""Scheduling's test doubles: a clock a test can set, and (below) fakes of the ports."""

from __future__ import annotations

from datetime import UTC, datetime


class Clock:
    """The real time until a test sets one; the bus hands it to views and handlers alike."""

    def __init__(self, at: datetime | None = None) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at or datetime.now(UTC)

    def set(self, at: datetime | None) -> None:
        self.at = at
