"""What a coordinator reads and decides on the /book/manage pages: every session, and for one
session who is booked at each time, the waitlist, the help to arrange, attendance, and the times
below their minimum group size (run anyway, or call the session off)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from services.scheduling.adapters.orm import sessions as sessions_table
from services.scheduling.domain import group_size
from services.scheduling.domain.model import Session, Slot
from services.scheduling.service_layer import arrangements, waitlists
from services.scheduling.service_layer.handlers import NotFound
from services.scheduling.service_layer.ports import UnitOfWork

LISTED = 200  # the newest sessions on the list page


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


@dataclass(frozen=True)
class BookedPerson:
    booking_id: str
    participant_id: str
    outcome: str | None = None  # attendance, once recorded
    minutes: int | None = None

    @property
    def short_id(self) -> str:
        return self.participant_id[:8]


@dataclass(frozen=True)
class TimeView:
    slot_id: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    booked: int
    pending: int
    places_left: int
    min_group_size: int | None
    decision_at: datetime | None
    confirmed_to_run_at: datetime | None
    below_minimum: bool
    started: bool
    length_minutes: int
    people: tuple[BookedPerson, ...]
    waitlist: tuple[dict[str, Any], ...] = ()
    needs: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ManagedSession:
    session_id: str
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

    def has_booking(self, booking_id: str) -> bool:
        return any(p.booking_id == booking_id for t in self.times for p in t.people)

    def time(self, slot_id: str) -> TimeView | None:
        return next((t for t in self.times if t.slot_id == slot_id), None)


def session_list(uow: Any, now: datetime | None = None) -> list[SessionRow]:
    """The newest sessions first."""
    now = now or datetime.now(UTC)
    with uow:
        query = (
            select(Session)
            .order_by(sessions_table.c.created_at.desc(), sessions_table.c.id)
            .limit(LISTED)
            .options(selectinload(Session.slots).selectinload(Slot.bookings))  # type: ignore[arg-type]
        )
        rows = []
        for session in uow.session.scalars(query):
            starts = [slot.starts_at for slot in session.slots]
            rows.append(
                SessionRow(
                    session.id,
                    session.activity_title,
                    session.format,
                    min(starts) if starts else None,
                    len(session.slots),
                    sum(len(slot.confirmed) for slot in session.slots),
                    session.cancelled_at is not None,
                    any(group_size.below_minimum(slot, now) for slot in session.slots),
                )
            )
        return rows


def managed_session(
    session_id: str, uows: Callable[[], UnitOfWork], now: datetime | None = None
) -> ManagedSession | None:
    now = now or datetime.now(UTC)
    with uows() as uow:
        session = uow.sessions.get(session_id)
        if session is None:
            return None
        times = [_time(slot, uow, now) for slot in session.slots]
        found = ManagedSession(
            session.id,
            session.activity_title,
            session.format,
            session.location,
            session.directions,
            tuple(session.access_features),
            session.joining_url,
            bool(session.requires_approval),
            session.cancelled_at,
            (),
        )
    people = arrangements.session_people(session_id, uows()) or {"slots": []}
    needs = {slot["slot_id"]: slot["needs"] for slot in people["slots"]}
    full = tuple(
        replace(
            time,
            waitlist=tuple(waitlists.slot_waitlist(time.slot_id, uows(), now)["entries"]),
            needs=needs.get(time.slot_id, {}),
        )
        for time in times
    )
    return replace(found, times=full)


def _time(slot: Slot, uow: UnitOfWork, now: datetime) -> TimeView:
    people = []
    for booking in slot.confirmed:
        record = uow.attendance.get(booking.id)
        people.append(
            BookedPerson(
                booking.id,
                booking.participant_id,
                record.outcome if record else None,
                record.minutes if record else None,
            )
        )
    return TimeView(
        slot.id,
        slot.starts_at,
        slot.ends_at,
        slot.capacity,
        len(slot.confirmed),
        len(slot.pending),
        slot.places_left,
        slot.min_group_size,
        slot.decision_at,
        slot.confirmed_to_run_at,
        group_size.below_minimum(slot, now),
        now >= slot.starts_at,
        int((slot.ends_at - slot.starts_at).total_seconds() // 60),
        tuple(people),
    )


def run_anyway(session_id: str, slot_id: str, uow: UnitOfWork, now: datetime | None = None) -> Slot:
    """The coordinator runs a time below its minimum group size with the people booked."""
    with uow:
        slot = uow.slots.lock(slot_id)
        if slot is None or slot.session_id != session_id:
            raise NotFound("There is no such time.")
        group_size.run_anyway(slot, now or datetime.now(UTC))
        uow.commit()
        return slot
