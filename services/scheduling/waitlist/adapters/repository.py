"""What waitlists and approvals read: entries (holds) by id, and the slots that need attention.

Entries change only with their slot locked (SqlAlchemySlotRepository.lock) and are read through
`slot.waitlist` after the lock, so these look-ups return ids, not entries that could be stale.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session as DbSession

from services.scheduling.adapters.scoping import own_session
from services.scheduling.adapters.tables.sessions import bookings, slots
from services.scheduling.adapters.tables.waitlist import waitlist_entries
from services.scheduling.sessions.domain.booking import CONFIRMED, PENDING
from services.scheduling.waitlist.domain import OFFERED, WAITING


class SqlAlchemyWaitlistRepository:
    def __init__(self, db: DbSession) -> None:
        self.db = db

    def slot_of_entry(self, entry_id: str) -> str | None:
        """The slot an entry (a hold) belongs to, so the caller can lock the slot first."""
        query = select(waitlist_entries.c.slot_id).where(waitlist_entries.c.id == entry_id)
        return self.db.execute(query).scalar_one_or_none()

    def live_hold_of(
        self, participant_id: str, now: datetime, organisation_id: str | None = None
    ) -> str | None:
        """The place held for this person right now (the newest, if several; in that
        organisation's sessions, if named), by its id."""
        entry = waitlist_entries.c
        query = (
            select(entry.id)
            .where(
                entry.participant_id == participant_id,
                entry.status == OFFERED,
                entry.hold_expires_at > now,
                own_session(entry.session_id, organisation_id),
            )
            .order_by(entry.offered_at.desc())
            .limit(1)
        )
        return self.db.execute(query).scalar_one_or_none()

    def slot_of_booking(self, booking_id: str) -> str | None:
        query = select(bookings.c.slot_id).where(bookings.c.id == booking_id)
        return self.db.execute(query).scalar_one_or_none()

    def slots_to_tend(self, now: datetime, limit: int = 100) -> list[str]:
        """Slots with a hold that has lapsed, or with a free place and someone waiting."""
        entry = waitlist_entries.c
        lapsed = exists().where(
            entry.slot_id == slots.c.id, entry.status == OFFERED, entry.hold_expires_at <= now
        )
        waiting = exists().where(entry.slot_id == slots.c.id, entry.status == WAITING)
        taken = select(func.count()).where(
            bookings.c.slot_id == slots.c.id, bookings.c.status.in_((CONFIRMED, PENDING))
        )
        holding = select(func.count()).where(entry.slot_id == slots.c.id, entry.status == OFFERED)
        free = slots.c.capacity > taken.scalar_subquery() + holding.scalar_subquery()
        bookable = and_(slots.c.booking_closes_at > now, slots.c.starts_at > now)
        query = (
            select(slots.c.id)
            .where(or_(lapsed, and_(bookable, waiting, free)))
            .order_by(slots.c.starts_at)
            .limit(limit)
        )
        return list(self.db.execute(query).scalars())
