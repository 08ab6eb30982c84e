"""SQLAlchemy repositories of sessions, slots and bookings. With an organisation in scope
(adapters/scoping.py), another organisation's are not found, as unknown ids are not."""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from services.scheduling.adapters.scoping import own, own_session
from services.scheduling.adapters.tables.people import withdrawn_participants
from services.scheduling.adapters.tables.sessions import bookings, sessions
from services.scheduling.panels.adapters import outside_panel
from services.scheduling.sessions.domain.booking import CONFIRMED, PENDING, Booking
from services.scheduling.sessions.domain.model import Session, Slot
from shared.db import sqlite_write_lock


class SqlAlchemySessionRepository:
    def __init__(self, db: DbSession, organisation_id: str | None = None) -> None:
        self.db = db
        self.organisation_id = organisation_id
        self.seen: set[Session] = set()

    def add(self, session: Session) -> None:
        self.db.add(session)
        self.seen.add(session)

    def get(self, session_id: str) -> Session | None:
        query = (
            select(Session)
            .where(Session.id == session_id, own(sessions.c.organisation_id, self.organisation_id))
            .options(selectinload(Session.slots).selectinload(Slot.bookings))  # type: ignore[arg-type]
            # Read afresh even if loaded before in this unit of work (e.g. after locking).
            .execution_options(populate_existing=True)
        )
        session = self.db.scalars(query).first()
        if session is not None:
            self.seen.add(session)
        return session


class SqlAlchemySlotRepository:
    def __init__(self, db: DbSession, organisation_id: str | None = None) -> None:
        self.db = db
        self.organisation_id = organisation_id
        self.seen: set[Slot] = set()

    def lock(self, slot_id: str) -> Slot | None:
        """The slot, locked until commit: bookings for one slot take turns, so the count of
        confirmed places read next is still true when the new one is inserted."""
        sqlite_write_lock(self.db)
        slot = self.db.scalars(
            select(Slot)
            .where(Slot.id == slot_id, self._own())  # type: ignore[arg-type]
            .with_for_update()
        ).first()
        if slot is not None:
            self.seen.add(slot)
        return slot

    def get(self, slot_id: str) -> Slot | None:
        slot = self.db.get(Slot, slot_id)
        if slot is None or not self._sees(slot):
            return None
        self.seen.add(slot)
        return slot

    def _own(self) -> ColumnElement[bool]:
        return own_session(Slot.session_id, self.organisation_id)

    def _sees(self, slot: Slot) -> bool:
        if self.organisation_id is None:
            return True
        return slot.session is not None and slot.session.organisation_id == self.organisation_id


class SqlAlchemyBookingRepository:
    def __init__(self, db: DbSession, organisation_id: str | None = None) -> None:
        self.db = db
        self.organisation_id = organisation_id

    def lock(self, booking_id: str) -> Booking | None:
        """The booking, locked until commit, so two cancellations take turns."""
        sqlite_write_lock(self.db)
        query = (
            select(Booking)
            .where(
                Booking.id == booking_id,  # type: ignore[arg-type]
                own_session(Booking.session_id, self.organisation_id),
            )
            .with_for_update()
        )
        return self.db.scalars(query).first()

    def held(self, session_id: str, participant_id: str) -> Booking | None:
        """The person's confirmed (or pending approval) booking in this session, if any."""
        query = select(Booking).where(
            Booking.session_id == session_id,  # type: ignore[arg-type]
            Booking.participant_id == participant_id,  # type: ignore[arg-type]
            Booking.status.in_((CONFIRMED, PENDING)),  # type: ignore[attr-defined]
        )
        return self.db.scalars(query).first()

    def standing(self, session_id: str, participant_id: str) -> tuple[Booking | None, bool]:
        """held() and whether they withdrew their consent to take part, in one round trip
        (booking is the hot path: each statement is a wait on the database)."""
        held_id = (
            select(bookings.c.id)
            .where(
                bookings.c.session_id == session_id,
                bookings.c.participant_id == participant_id,
                bookings.c.status.in_((CONFIRMED, PENDING)),
            )
            .limit(1)
            .scalar_subquery()
        )
        withdrawn = exists().where(withdrawn_participants.c.participant_id == participant_id)
        found, gone = self.db.execute(select(held_id, withdrawn)).one()
        # Rarely anything: then the booking itself (often already loaded with the slot).
        return (self.db.get(Booking, found) if found else None), bool(gone)

    def outside_panel(self, session_id: str, participant_id: str) -> bool:
        return bool(self.db.scalar(select(outside_panel(session_id, participant_id))))
