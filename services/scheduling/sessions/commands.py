"""What callers ask scheduling to do."""

from __future__ import annotations

from dataclasses import dataclass

from services.scheduling.sessions.domain.planning import SlotPlan


@dataclass(frozen=True)
class CreateSession:
    activity_id: str
    activity_title: str
    format: str
    location: str | None
    access_features: tuple[str, ...]
    joining_url: str | None
    slots: tuple[SlotPlan, ...]
    requires_approval: bool = False  # each booking waits (holding its place) for a coordinator
    directions: str | None = None  # e.g. "Enter by the side door on Park Lane"


@dataclass(frozen=True)
class CancelSession:
    session_id: str


@dataclass(frozen=True)
class AddTimes:
    session_id: str
    slots: tuple[SlotPlan, ...]


@dataclass(frozen=True)
class RunAnyway:
    """Run a time below its minimum group size with the people booked."""

    session_id: str
    slot_id: str
    # With arrangements still open it runs only if the coordinator ticks to go ahead anyway.
    go_ahead: bool = False
    staff_id: str | None = None
