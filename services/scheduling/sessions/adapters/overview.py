"""The one read model of a session (no events, no writes): its times with places, the booking
window, the minimum group size, who is booked (by name, with their needs and attendance), who
waits for approval, the waitlist and the help to arrange. The staff API's shapes are in
staff_api_shapes.py; the coordinators' list of sessions is session_list.py."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.scheduling.arrangements.domain import (
    KIND_ORDER,
    ArrangementTask,
    place_features,
    venue_gaps,
)
from services.scheduling.attendance.domain import Attendance
from services.scheduling.ports import UnitOfWork
from services.scheduling.sessions.domain import group_size
from services.scheduling.sessions.domain.model import Session, Slot
from services.scheduling.sessions.ports import (
    ArrangementLine,
    BookedPerson,
    ManagedSession,
    ManagedTime,
    People,
    VenueGap,
)
from services.scheduling.waitlist.adapters.queue import queue_entries
from services.scheduling.waitlist.domain import OFFERED, WAITING


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
        tasks = uow.arrangements.of_session(session.id)
        go_aheads = uow.arrangements.go_aheads(session.id)
        people = _people(session, attended, uow, tasks, go_aheads)
        venue = uow.venues.get(session.venue_id) if session.venue_id else None
        lines = arrangement_lines(session, tasks, people)
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
            tuple(
                _time(slot, attended, people, uow, now, lines, go_aheads) for slot in session.slots
            ),
            session.venue_id,
            venue.name if venue else None,
            _venue_gaps(session, venue.access_features if venue else None, people, now),
        )


def _venue_gaps(
    session: Session, venue_features: tuple[str, ...] | None, known: People, now: datetime
) -> tuple[VenueGap, ...]:
    """Needs of the people booked, waiting for approval or on a waitlist at times to come
    that the place has nothing recorded for, by name."""
    if session.cancelled_at is not None:
        return ()
    to_come = [slot for slot in session.slots if slot.starts_at > now]
    ids = [b.participant_id for slot in to_come for b in (*slot.confirmed, *slot.pending)]
    ids += [
        e.participant_id
        for slot in to_come
        for e in slot.waitlist
        if e.status in (WAITING, OFFERED)
    ]
    people = [(p, tuple(known.needs.get(p, ()))) for p in dict.fromkeys(ids)]
    features = place_features(venue_features, tuple(session.access_features))
    gaps = venue_gaps(people, session.format, features)
    found = [VenueGap(p, known.names.get(p), need) for p, need in gaps]
    return tuple(sorted(found, key=lambda g: (g.name is None, g.name or "", g.participant_id)))


def _people(
    session: Session,
    attended: dict[str, Attendance],
    uow: UnitOfWork,
    tasks: list[ArrangementTask],
    go_aheads: dict[str, tuple[str, int, datetime]],
) -> People:
    ids = [b.participant_id for slot in session.slots for b in slot.bookings]
    ids += [e.participant_id for slot in session.slots for e in slot.waitlist]
    recorders = {record.recorded_by for record in attended.values()}
    recorders |= {t.settled_by for t in tasks if t.settled_by}
    recorders = sorted(recorders | {staff for staff, _, _ in go_aheads.values()})
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


def arrangement_lines(
    session: Session, tasks: list[ArrangementTask], known: People
) -> dict[str, list[ArrangementLine]]:
    """Each time's tasks in the order to read them, naming whom each is for."""
    whose = {b.id: b.participant_id for slot in session.slots for b in slot.bookings}
    lines: dict[str, list[ArrangementLine]] = {}
    for task in sorted(tasks, key=lambda t: (KIND_ORDER.index(t.kind), t.created_at)):
        people = [whose[b] for b in task.booking_ids if b in whose]
        names = tuple(sorted(((known.names.get(p), p) for p in people), key=_by_name))
        lines.setdefault(task.slot_id, []).append(
            ArrangementLine(
                task.task_id,
                task.kind,
                task.count,
                task.state,
                task.venue_problem,
                names,
                task.reason,
                known.staff.get(task.settled_by) if task.settled_by else None,
                task.settled_at,
                task.language,
            )
        )
    return lines


def _by_name(person: tuple[str | None, str]) -> tuple[bool, str, str]:
    return (person[0] is None, person[0] or "", person[1])


def _go_ahead(
    slot: Slot, go_aheads: dict[str, tuple[str, int, datetime]], known: People
) -> tuple[str, int, datetime] | None:
    found = go_aheads.get(slot.id)
    if found is None:
        return None
    staff, open_tasks, at = found
    return (known.staff.get(staff) or staff[:8], open_tasks, at)


def _time(
    slot: Slot,
    attended: dict[str, Attendance],
    known: People,
    uow: UnitOfWork,
    now: datetime,
    lines: dict[str, list[ArrangementLine]],
    go_aheads: dict[str, tuple[str, int, datetime]],
) -> ManagedTime:
    people = [_person(b, attended.get(b.id), known) for b in slot.confirmed]
    return ManagedTime(
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
        tuple(queue_entries(slot, now, known.names)),
        dict(uow.needs.count([p.participant_id for p in people])),
        tuple(_person(b, None, known) for b in slot.pending),
        tuple(lines.get(slot.id, ())),
        _go_ahead(slot, go_aheads, known),
    )
