"""What this feature's pages read (the shapes) and the read model that answers them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from services.scheduling.waitlist.ports import MyWait


@dataclass(frozen=True)
class SlotChoice:
    slot_id: str
    starts_at: datetime
    ends_at: datetime
    places_left: int
    bookable: bool  # open for booking now, not started, not full
    cancel_by: datetime
    full_now: bool = False  # open for booking but full: the waitlist is open


@dataclass(frozen=True)
class BookableSession:
    session_id: str
    activity_id: str
    activity_title: str
    format: str
    location: str | None
    access_features: tuple[str, ...]
    slots: tuple[SlotChoice, ...]
    held: MyBooking | None = None  # the person's confirmed booking in this session
    directions: str | None = None  # how to find the way in

    @property
    def choices(self) -> list[SlotChoice]:
        """The times they could choose now (not the one they already hold)."""
        held_slot = self.held.slot_id if self.held else None
        return [s for s in self.slots if s.bookable and s.slot_id != held_slot]


@dataclass(frozen=True)
class MyBooking:
    booking_id: str
    session_id: str
    slot_id: str
    activity_title: str
    starts_at: datetime
    ends_at: datetime
    format: str
    location: str | None
    access_features: tuple[str, ...]
    cancel_by: datetime
    can_cancel: bool
    directions: str | None = None
    joining_url: str | None = None


@dataclass(frozen=True)
class MyBookings:
    bookings: list[MyBooking] = field(default_factory=list)
    sessions: list[BookableSession] = field(default_factory=list)  # sessions they could book
    waits: list[MyWait] = field(default_factory=list)  # waitlist places and held places


@dataclass(frozen=True)
class ActivityChoices:
    activity_id: str
    title: str | None  # None while the activity has no times yet
    sessions: tuple[BookableSession, ...]
    waits: tuple[MyWait, ...]

    def _open_sessions(self) -> list[BookableSession]:
        """Sessions where they hold no place and wait for no time: where they may choose."""
        waiting = {w.session_id for w in self.waits}
        return [s for s in self.sessions if s.held is None and s.session_id not in waiting]

    @property
    def choices(self) -> list[tuple[BookableSession, SlotChoice]]:
        return [(s, slot) for s in self._open_sessions() for slot in s.slots if slot.bookable]

    @property
    def full(self) -> list[tuple[BookableSession, SlotChoice]]:
        """Times they could join the waitlist for: every time they could book is full."""
        if self.choices:
            return []
        return [(s, slot) for s in self._open_sessions() for slot in s.slots if slot.full_now]

    @property
    def some_unbookable(self) -> bool:
        """Some time cannot be chosen now (full, or not open): the page lists all the times."""
        return any(not slot.bookable for s in self.sessions for slot in s.slots)

    @property
    def bookings(self) -> list[Any]:
        return [s.held for s in self.sessions if s.held is not None]

    def session_of(self, slot_id: str) -> BookableSession | None:
        return next((s for s in self.sessions for x in s.slots if x.slot_id == slot_id), None)


class ParticipantReads(Protocol):
    """What a participant's booking pages read: only their own bookings, and only activities
    they were invited to or already hold a booking in."""

    def my_bookings(self, participant_id: str, now: datetime) -> MyBookings: ...
    def session_for(
        self, participant_id: str, session_id: str, now: datetime
    ) -> BookableSession | None: ...
    def booking_for(
        self, participant_id: str, booking_id: str, now: datetime
    ) -> MyBooking | None: ...
    def activity(
        self, participant_id: str, activity_id: str, now: datetime
    ) -> ActivityChoices | None: ...
