"""The coordinators' list of sessions (no events, no writes): the newest first, each with its
first time, how many are booked and whether a time waits for a decision."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from services.scheduling.adapters.scoping import own
from services.scheduling.adapters.tables.sessions import sessions as sessions_table
from services.scheduling.sessions.domain import group_size
from services.scheduling.sessions.domain.model import Session, Slot
from services.scheduling.sessions.ports import SessionRow

LISTED = 200  # the newest sessions on the list page


def session_list(uow: Any, now: datetime | None = None) -> list[SessionRow]:
    """The newest sessions first."""
    now = now or datetime.now(UTC)
    with uow:
        query = (
            select(Session)
            # Only the organisation in scope's (uow.organisation_id; None: every one).
            .where(own(sessions_table.c.organisation_id, uow.organisation_id))
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
