"""Organisers' decisions about a whole session."""

from __future__ import annotations

from datetime import UTC, datetime

from services.scheduling.domain.model import Session
from services.scheduling.domain.session_cancellation import cancel_session
from services.scheduling.service_layer.handlers import NotFound
from services.scheduling.service_layer.ports import UnitOfWork


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
