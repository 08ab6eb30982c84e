"""Organisers' decisions about a whole session: offering it, more times, calling it off."""

from __future__ import annotations

from services.scheduling.activities.service_layer import organisation_for
from services.scheduling.ports import NotFound, UnitOfWork
from services.scheduling.sessions.commands import AddTimes, CancelSession, CreateSession
from services.scheduling.sessions.domain.cancellation import cancel_session
from services.scheduling.sessions.domain.model import Session, Slot
from services.scheduling.sessions.domain.more_times import add_times as offer_more
from shared.clock import Clock, utc_now


def create_session(cmd: CreateSession, uow: UnitOfWork, clock: Clock = utc_now) -> Session:
    with uow:
        organisation_id = organisation_for(cmd.activity_id, uow)  # NotFound if another's
        session = Session.create(
            cmd.activity_id,
            cmd.activity_title,
            cmd.format,
            cmd.location,
            cmd.access_features,
            cmd.joining_url,
            list(cmd.slots),
            clock(),
            cmd.requires_approval,
            cmd.directions,
            organisation_id,
        )
        uow.sessions.add(session)
        uow.commit()
        return session


def cancel(cmd: CancelSession, uow: UnitOfWork, clock: Clock = utc_now) -> Session:
    with uow:
        session = uow.sessions.get(cmd.session_id)
        if session is None:
            raise NotFound("There is no such session.")
        for slot in session.slots:
            uow.slots.lock(slot.id)  # no booking slips in while we cancel...
        session = uow.sessions.get(cmd.session_id)  # ...and every booking made before is seen
        assert session is not None
        cancel_session(session, clock())
        uow.commit()
        return session


def add_times(cmd: AddTimes, uow: UnitOfWork, clock: Clock = utc_now) -> list[Slot]:
    """More times for a session; each is announced (SlotPublished) like the first ones."""
    with uow:
        session = uow.sessions.get(cmd.session_id)
        if session is None:
            raise NotFound("There is no such session.")
        # Locking a time of the session queues us behind a cancellation in progress (which
        # locks them all), so no time is added to a session just called off.
        uow.slots.lock(session.slots[0].id)
        session = uow.sessions.get(cmd.session_id)
        assert session is not None
        added = offer_more(session, list(cmd.slots), clock())
        uow.commit()
        return added
