"""Organisers' decisions about a whole session."""

from __future__ import annotations

from datetime import UTC, datetime

from services.scheduling.booking.service_layer.booking import NotFound
from services.scheduling.ports import UnitOfWork
from services.scheduling.sessions.domain.cancellation import cancel_session
from services.scheduling.sessions.domain.model import Session, Slot
from services.scheduling.sessions.domain.more_times import add_times as offer_more
from services.scheduling.sessions.domain.planning import SlotPlan


def cancel(session_id: str, uow: UnitOfWork, now: datetime | None = None) -> Session:
    with uow:
        session = uow.sessions.get(session_id)
        if session is None:
            raise NotFound("There is no such session.")
        for slot in session.slots:
            uow.slots.lock(slot.id)  # no booking slips in while we cancel...
        session = uow.sessions.get(session_id)  # ...and every booking made before is seen
        assert session is not None
        cancel_session(session, now or datetime.now(UTC))
        uow.commit()
        return session


def add_times(
    session_id: str, plans: list[SlotPlan], uow: UnitOfWork, now: datetime | None = None
) -> list[Slot]:
    """More times for a session; each is announced (SlotPublished) like the first ones."""
    with uow:
        session = uow.sessions.get(session_id)
        if session is None:
            raise NotFound("There is no such session.")
        # Locking a time of the session queues us behind a cancellation in progress (which
        # locks them all), so no time is added to a session just called off.
        uow.slots.lock(session.slots[0].id)
        session = uow.sessions.get(session_id)
        assert session is not None
        added = offer_more(session, plans, now or datetime.now(UTC))
        uow.commit()
        return added
