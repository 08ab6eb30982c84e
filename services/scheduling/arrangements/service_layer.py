"""Keeping each session's arrangement tasks true to who is booked (from scheduling's own
booking events, and when its venue changes), and coordinators settling them. Settling one
publishes ArrangementDone, naming the people whose arrangements are now all settled, so
notifications tells them in plain words before the day."""

from __future__ import annotations

from datetime import datetime

from services.scheduling.arrangements import domain
from services.scheduling.arrangements.commands import ReviewArrangements, SettleArrangement
from services.scheduling.arrangements.domain import ArrangementTask
from services.scheduling.domain.events import ArrangementDone, SettledFor
from services.scheduling.ports import NotFound, UnitOfWork
from services.scheduling.sessions.domain.model import Session
from shared.clock import Clock, utc_now


def review(cmd: ReviewArrangements, uow: UnitOfWork, clock: Clock = utc_now) -> int:
    """Brings the session's tasks for times still to come in line with its confirmed bookings.
    Returns how many tasks were added, changed or removed."""
    now = clock()
    with uow:
        session = uow.sessions.get(cmd.session_id)
        if session is None:
            return 0  # erased, or not this organisation's: nothing to arrange
        changes = review_in(session, uow, now)
        uow.commit()
        return changes


def review_in(session: Session, uow: UnitOfWork, now: datetime) -> int:
    """Inside the caller's unit of work."""
    to_come = [slot for slot in session.slots if slot.starts_at > now]
    features = _features(session, uow)
    ids = [b.participant_id for slot in to_come for b in slot.confirmed]
    needs, spoken = uow.needs.of(ids), uow.needs.languages(ids)
    needed: list[domain.Needed] = []
    if session.cancelled_at is None:
        for slot in to_come:
            booked = [(b.id, needs.get(b.participant_id, ())) for b in slot.confirmed]
            languages = {
                b.id: spoken[b.participant_id] for b in slot.confirmed if b.participant_id in spoken
            }
            needed += domain.needed_for(slot.id, session.format, booked, features, languages)
    upcoming = {slot.id for slot in to_come}
    kept = [t for t in uow.arrangements.of_session(session.id) if t.slot_id in upcoming]
    changes = domain.reconcile(session.id, kept, needed, now)
    for task in changes.added:
        uow.arrangements.add(task)
    for task in changes.changed:
        uow.arrangements.save(task)
    uow.arrangements.remove(changes.removed)
    return len(changes.added) + len(changes.changed) + len(changes.removed)


def _features(session: Session, uow: UnitOfWork) -> tuple[str, ...] | None:
    """What the venue offers (its list), or the session's own access features; None when
    nothing is known (then no warning is raised)."""
    venue = uow.venues.get(session.venue_id) if session.venue_id else None
    return domain.place_features(venue.access_features if venue else None, session.access_features)


def settle(cmd: SettleArrangement, uow: UnitOfWork, clock: Clock = utc_now) -> ArrangementTask:
    now = clock()
    with uow:
        session = uow.sessions.get(cmd.session_id)
        tasks = uow.arrangements.of_session(cmd.session_id) if session else []
        task = next((t for t in tasks if t.task_id == cmd.task_id), None)
        if session is None or task is None:
            raise NotFound("There is no such arrangement.")
        if task.settle(cmd.outcome, cmd.reason, cmd.staff_id, now):
            uow.arrangements.save(task)
            uow.events.append(_done(session, task, tasks, now, uow))
        uow.commit()
        return task


def _done(
    session: Session,
    task: ArrangementTask,
    tasks: list[ArrangementTask],
    now: datetime,
    uow: UnitOfWork,
) -> ArrangementDone:
    """`settled_for` names those to tell: the first time, or again as an update when what they
    were told has changed; never the same words twice."""
    slot = next(s for s in session.slots if s.id == task.slot_id)
    people = {b.id: b.participant_id for b in slot.confirmed}
    told = uow.arrangements.told(slot.id)
    settled_for = []
    for booking_id in domain.settled_people(tasks, task):
        if booking_id not in people:
            continue
        done, not_possible = domain.what_for(tasks, booking_id, slot.id)
        now_told = (tuple(done), tuple(not_possible))
        telling = domain.telling(told.get(booking_id), now_told)
        if telling is None:
            continue
        uow.arrangements.keep_told(session.id, slot.id, booking_id, now_told, now)
        settled_for.append(
            SettledFor(
                booking_id,
                people[booking_id],
                done,
                not_possible,
                update=telling == domain.UPDATE,
            )
        )
    return ArrangementDone(
        task.task_id,
        session.id,
        slot.id,
        session.activity_id,
        task.kind,
        task.state,
        task.count,
        slot.starts_at,
        now,
        settled_for,
    )
