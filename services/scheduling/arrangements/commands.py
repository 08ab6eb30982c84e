"""What coordinators and the consumer ask of arrangements and venues."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReviewArrangements:
    """The bookings (or the venue) of a session changed: bring its tasks in line."""

    session_id: str


@dataclass(frozen=True)
class SettleArrangement:
    session_id: str
    task_id: str
    outcome: str  # done | not_possible
    reason: str | None
    staff_id: str


@dataclass(frozen=True)
class SaveVenue:
    venue_id: str | None  # None: a new venue
    name: str
    address: str
    access_features: tuple[str, ...]
    notes: str | None = None


@dataclass(frozen=True)
class ChooseVenue:
    """The session happens at this venue (None: at no venue on the list)."""

    session_id: str
    venue_id: str | None
