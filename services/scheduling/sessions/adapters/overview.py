"""The one read model of a session (no events, no writes): its times with places, the booking
window, the minimum group size, who is booked (by name, with their needs and attendance), who
waits for approval, the waitlist and the help to arrange. The staff API's shapes are in
views.py; the coordinators' list of sessions is session_list.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from services.scheduling.attendance.domain import Attendance
from services.scheduling.ports import UnitOfWork
from services.scheduling.sessions.domain import group_size
from services.scheduling.sessions.domain.model import Session, Slot
from services.scheduling.waitlist import domain as waitlist


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
class TimeView:
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
    times: tuple[TimeView, ...]

    @property
    def can_cancel(self) -> bool:
        return self.cancelled_at is None and any(not t.started for t in self.times)

    def has_booking(self, booking_id: str, among: list[BookedPerson] | None = None) -> bool:
        """A confirmed booking of this session (or one of `among`)."""
        people = among if among is not None else [p for t in self.times for p in t.people]
        return any(p.booking_id == booking_id for p in people)

    def time(self, slot_id: str) -> TimeView | None:
        return next((t for t in self.times if t.slot_id == slot_id), None)


def session_overview(
    session_id: str, uow: UnitOfWork, now: datetime | None = None
) -> ManagedSession | None:
    """The one read model of a session, in one transaction: the staff API's details and
    people and the coordinators' page are each a view of it."""
    now = now or datetime.now(UTC)
    with uow:
        session = uow.sessions.get(session_id)
        if session is None:
            return None
        attended = uow.attendance.of_session(session.id)
        people = _people(session, attended, uow)
        return ManagedSession(
            session.id,
            session.activity_id,
            session.activity_title,
            session.format,
            session.location,
            session.directions,
            tuple(session.access_features),
            session.joining_url,
            bool(session.requires_approval),
            session.cancelled_at,
            tuple(_time(slot, attended, people, uow, now) for slot in session.slots),
        )


def _people(session: Session, attended: dict[str, Attendance], uow: UnitOfWork) -> People:
    ids = [b.participant_id for slot in session.slots for b in slot.bookings]
    ids += [e.participant_id for slot in session.slots for e in slot.waitlist]
    recorders = sorted({record.recorded_by for record in attended.values()})
    return People(uow.names.participants(ids), uow.needs.of(ids), uow.names.staff(recorders))


def _person(booking: Any, record: Attendance | None, people: People) -> BookedPerson:
    return BookedPerson(
        booking.id,
        booking.participant_id,
        record.outcome if record else None,
        record.minutes if record else None,
        people.names.get(booking.participant_id),
        people.needs.get(booking.participant_id, ()),
        people.staff.get(record.recorded_by) if record else None,
    )


def _time(
    slot: Slot, attended: dict[str, Attendance], known: People, uow: UnitOfWork, now: datetime
) -> TimeView:
    people = [_person(b, attended.get(b.id), known) for b in slot.confirmed]
    return TimeView(
        slot.id,
        slot.starts_at,
        slot.ends_at,
        slot.capacity,
        len(slot.confirmed),
        len(slot.pending),
        slot.places_left,
        slot.booking_opens_at,
        slot.booking_closes_at,
        slot.cancel_by,
        slot.min_group_size,
        slot.decision_at,
        slot.confirmed_to_run_at,
        group_size.below_minimum(slot, now),
        now >= slot.starts_at,
        int((slot.ends_at - slot.starts_at).total_seconds() // 60),
        tuple(people),
        tuple(queue_view(slot, now, known.names)),
        dict(uow.needs.count([p.participant_id for p in people])),
        tuple(_person(b, None, known) for b in slot.pending),
    )


def queue_view(
    slot: Slot, now: datetime, names: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """The slot's waitlist in order, each entry with its place in line and state."""
    entries = []
    position = 0
    for entry in waitlist.queue(slot):
        in_line = entry.status in (waitlist.WAITING, waitlist.OFFERED)
        position += in_line
        entries.append(
            {
                "entry_id": entry.id,
                "participant_id": entry.participant_id,
                "position": position if in_line else None,
                "state": entry.status,
                "joined_at": entry.joined_at,
                "offered_at": entry.offered_at,
                "hold_expires_at": entry.hold_expires_at,
                "hold_lapsed": entry.lapsed(now),
                "booking_id": entry.booking_id,
                "name": (names or {}).get(entry.participant_id),
            }
        )
    return entries
