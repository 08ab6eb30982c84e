"""What scheduling holds about one person, found by their id: for withdrawal and erasure."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session as DbSession

from services.scheduling.adapters.scoping import own_session
from services.scheduling.adapters.tables.attendance import attendance, participant_needs
from services.scheduling.adapters.tables.people import participant_names, withdrawn_participants
from services.scheduling.adapters.tables.polls import poll_answers, poll_invitations
from services.scheduling.adapters.tables.sessions import bookings, slots
from services.scheduling.adapters.tables.sms_dialogue import invitations, sms_offers
from services.scheduling.adapters.tables.waitlist import waitlist_entries
from services.scheduling.sessions.domain.booking import CONFIRMED, PENDING
from services.scheduling.waitlist.domain import OFFERED, WAITING
from shared.bus.tables import outbox

# Rows that are about the person and nothing else: deleted outright on erasure.
_THEIRS = (
    waitlist_entries,
    sms_offers,
    invitations,
    poll_invitations,
    poll_answers,
    participant_needs,
    participant_names,
)


class SqlAlchemyPeopleRepository:
    def __init__(self, db: DbSession) -> None:
        self.db = db

    def is_withdrawn(self, participant_id: str) -> bool:
        query = select(withdrawn_participants.c.participant_id).where(
            withdrawn_participants.c.participant_id == participant_id
        )
        return self.db.scalars(query).first() is not None

    def withdraw(self, participant_id: str, at: datetime) -> None:
        if not self.is_withdrawn(participant_id):
            self.db.execute(
                insert(withdrawn_participants).values(
                    participant_id=participant_id, withdrawn_at=at
                )
            )

    def consent_again(self, participant_id: str) -> None:
        self.db.execute(
            delete(withdrawn_participants).where(
                withdrawn_participants.c.participant_id == participant_id
            )
        )

    def invited_to(self, activity_id: str, limit: int = 500) -> list[str]:
        """Who was invited to this activity, the latest first."""
        query = (
            select(invitations.c.participant_id)
            .where(invitations.c.activity_id == activity_id)
            .order_by(invitations.c.invited_at.desc())
            .limit(limit)
        )
        return list(self.db.scalars(query))

    def live_bookings(self, participant_id: str, organisation_id: str | None = None) -> list[str]:
        """Their confirmed or pending bookings with no attendance recorded, oldest first (only
        `organisation_id`'s sessions, if named)."""
        recorded = select(attendance.c.booking_id)
        query = (
            select(bookings.c.id)
            .where(
                bookings.c.participant_id == participant_id,
                bookings.c.status.in_((CONFIRMED, PENDING)),
                bookings.c.id.not_in(recorded),
                own_session(bookings.c.session_id, organisation_id),
            )
            .order_by(bookings.c.booked_at, bookings.c.id)
        )
        return list(self.db.scalars(query))

    def waitlist_entries(
        self, participant_id: str, organisation_id: str | None = None
    ) -> list[tuple[str, str]]:
        """(entry id, slot id) of each queue they are still in (only `organisation_id`'s
        sessions, if named)."""
        theirs = select(slots.c.id).where(own_session(slots.c.session_id, organisation_id))
        query = select(waitlist_entries.c.id, waitlist_entries.c.slot_id).where(
            waitlist_entries.c.participant_id == participant_id,
            waitlist_entries.c.status.in_((WAITING, OFFERED)),
            waitlist_entries.c.slot_id.in_(theirs),
        )
        return [(row.id, row.slot_id) for row in self.db.execute(query)]

    def erase(self, participant_id: str) -> int:
        """Deletes what is only about them; their remaining bookings (cancelled ones, and those
        with attendance, which reporting counts) each get a new random id that leads nowhere.
        Returns how many bookings were kept that way."""
        self.db.flush()  # the caller's changes to these rows go first
        for table in _THEIRS:
            self.db.execute(delete(table).where(table.c.participant_id == participant_id))
        self.consent_again(participant_id)  # nothing left to refuse
        # Already published copies of their events (keyed by their id) need not stay here.
        self.db.execute(
            delete(outbox).where(outbox.c.key == participant_id, outbox.c.sent_at.is_not(None))
        )
        kept = list(
            self.db.scalars(
                select(bookings.c.id).where(bookings.c.participant_id == participant_id)
            )
        )
        for booking_id in kept:  # one new id each, so rows cannot be joined up again
            self.db.execute(
                update(bookings)
                .where(bookings.c.id == booking_id)
                .values(participant_id=str(uuid.uuid4()))
            )
        return len(kept)
