"""What this feature's pages read (the shapes) and the read model that answers them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

# Plain words for each need, as "N <words>"; the order is the order to read them in.
NEED_WORDS = {
    "step_free": ("needs step-free access", "need step-free access"),
    "bsl": ("BSL interpreter", "BSL interpreters"),
    "interpreter": ("spoken language interpreter", "spoken language interpreters"),
    "hearing_loop": ("needs a hearing loop", "need a hearing loop"),
    "captions": ("needs captions", "need captions"),
    "large_print": ("needs large print", "need large print"),
    "easy_read": ("needs easy read", "need easy read"),
    "carer": ("carer attending", "carers attending"),
    "travel_help": ("needs help with travel", "need help with travel"),
    "data_or_device": ("needs data or a device to join", "need data or a device to join"),
}


def summarise(needs: Counter[str] | dict[str, int]) -> str:
    """'2 need step-free access, 1 BSL interpreter, 1 carer attending' (the API's English)."""
    parts = [
        f"{needs[code]} {one if needs[code] == 1 else many}"
        for code, (one, many) in NEED_WORDS.items()
        if needs.get(code)
    ]
    return ", ".join(parts) or "Nobody has told us of any needs."


@dataclass(frozen=True)
class BookedPerson:
    booking_id: str
    participant_id: str
    outcome: str | None = None  # attendance, once recorded
    minutes: int | None = None
    name: str | None = None  # their preferred name, when recruitment has told us it
    needs: tuple[str, ...] = ()
    recorded_by: str | None = None  # the staff member's name (or None if not known)

    @property
    def short_id(self) -> str:
        """Shown only where no name is known (before the contact event arrives)."""
        return self.participant_id[:8]


@dataclass(frozen=True)
class People:
    """Names and needs of everyone a session page shows, read once for the whole session."""

    names: dict[str, str] = field(default_factory=dict)
    needs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    staff: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ArrangementLine:
    """One arrangement task as the session page shows it (arrangements/domain.py)."""

    task_id: str
    kind: str
    count: int
    state: str  # open | done | not_possible | not_needed
    venue_problem: bool
    people: tuple[tuple[str | None, str], ...]  # (name or None, participant id) it is for
    reason: str | None = None
    settled_by: str | None = None  # the staff member's name
    settled_at: datetime | None = None
    language: str | None = None  # a spoken interpreter's language


@dataclass(frozen=True)
class VenueGap:
    """A need of someone booked or waiting at a time to come that the place has no feature
    recorded for (arrangements/domain.py venue_gaps)."""

    participant_id: str
    name: str | None
    need: str  # step_free | hearing_loop


@dataclass(frozen=True)
class ManagedTime:
    slot_id: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    booked: int
    pending: int
    places_left: int
    booking_opens_at: datetime
    booking_closes_at: datetime
    cancel_by: datetime
    min_group_size: int | None
    decision_at: datetime | None
    confirmed_to_run_at: datetime | None
    below_minimum: bool
    started: bool
    length_minutes: int
    people: tuple[BookedPerson, ...]
    waitlist: tuple[dict[str, Any], ...] = ()
    needs: dict[str, int] = field(default_factory=dict)
    pending_people: tuple[BookedPerson, ...] = ()  # waiting for a coordinator's approval
    arrangements: tuple[ArrangementLine, ...] = ()
    # Run with arrangements open: (the coordinator's name, how many were open, when).
    go_ahead: tuple[str, int, datetime] | None = None

    @property
    def open_arrangements(self) -> int:
        return sum(1 for line in self.arrangements if line.state == "open")

    @property
    def unrecorded(self) -> tuple[BookedPerson, ...]:
        return tuple(p for p in self.people if not p.outcome)


@dataclass(frozen=True)
class ManagedSession:
    session_id: str
    activity_id: str
    activity_title: str
    format: str
    location: str | None
    directions: str | None
    access_features: tuple[str, ...]
    joining_url: str | None
    requires_approval: bool
    cancelled_at: datetime | None
    times: tuple[ManagedTime, ...]
    venue_id: str | None = None
    venue_name: str | None = None
    venue_gaps: tuple[VenueGap, ...] = ()

    @property
    def place_name(self) -> str:
        """The venue's name, or the first part of the session's own address."""
        return self.venue_name or (self.location or "").split(",")[0].strip()

    @property
    def can_cancel(self) -> bool:
        return self.cancelled_at is None and any(not t.started for t in self.times)

    def has_booking(self, booking_id: str, among: list[BookedPerson] | None = None) -> bool:
        """A confirmed booking of this session (or one of `among`)."""
        people = among if among is not None else [p for t in self.times for p in t.people]
        return any(p.booking_id == booking_id for p in people)

    def time(self, slot_id: str) -> ManagedTime | None:
        return next((t for t in self.times if t.slot_id == slot_id), None)


@dataclass(frozen=True)
class SessionRow:
    session_id: str
    activity_title: str
    format: str
    first_starts_at: datetime | None
    times: int
    booked: int
    cancelled: bool
    needs_decision: bool


class SessionReads(Protocol):
    """What the coordinators' pages and the staff API read about sessions."""

    def overview(self, session_id: str, now: datetime) -> ManagedSession | None: ...
    def listed(self, now: datetime) -> list[SessionRow]: ...
    def details(self, session_id: str, now: datetime) -> dict[str, Any] | None: ...
    def people(self, session_id: str) -> dict[str, Any] | None: ...
