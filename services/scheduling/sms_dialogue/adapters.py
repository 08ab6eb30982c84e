"""What the SMS booking dialogue reads and keeps: invitations, offers, bookable times."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import contains_eager, selectinload

from services.scheduling.adapters.scoping import own_session
from services.scheduling.adapters.tables.activities import activity_organisations
from services.scheduling.adapters.tables.sms_dialogue import invitations
from services.scheduling.panels.adapters import outside_panel
from services.scheduling.sessions.domain.booking import CONFIRMED, Booking
from services.scheduling.sessions.domain.model import Session, Slot
from services.scheduling.sms_dialogue.domain import Offer


class SqlAlchemyDialogueRepository:
    def __init__(self, db: DbSession) -> None:
        self.db = db

    def invited(self, participant_id: str, activity_id: str, at: datetime) -> None:
        try:
            with self.db.begin_nested():
                self.db.execute(
                    insert(invitations).values(
                        participant_id=participant_id, activity_id=activity_id, invited_at=at
                    )
                )
        except IntegrityError:
            pass  # invited again: the first invitation stands

    def latest_activity(
        self, participant_id: str, organisation_id: str | None = None
    ) -> str | None:
        """The activity they were most recently invited to (by that organisation, if named:
        the one whose number they texted)."""
        query = (
            select(invitations.c.activity_id)
            .where(invitations.c.participant_id == participant_id)
            .order_by(invitations.c.invited_at.desc())
            .limit(1)
        )
        if organisation_id is not None:
            theirs = select(activity_organisations.c.activity_id).where(
                activity_organisations.c.organisation_id == organisation_id
            )
            query = query.where(invitations.c.activity_id.in_(theirs))
        return self.db.scalars(query).first()

    def add_offer(self, offer: Offer) -> None:
        self.db.add(offer)

    def open_offers(self, participant_id: str) -> list[Offer]:
        return [o for o in self.offers(participant_id) if o.status == "open"]

    def offers(self, participant_id: str, limit: int = 5) -> list[Offer]:
        """Their latest offers, newest first."""
        query = (
            select(Offer)
            .where(Offer.participant_id == participant_id)  # type: ignore[arg-type]
            .order_by(Offer.created_at.desc())  # type: ignore[attr-defined]
            .limit(limit)
        )
        return list(self.db.scalars(query))

    def bookable_slots(
        self, activity_id: str, now: datetime, limit: int, participant_id: str | None = None
    ) -> list[Slot]:
        """The soonest times of the activity that someone (this person, if named: not a
        panel's meetings unless they are its member) could book right now."""
        query = (
            select(Slot)
            .join(Session, Slot.session_id == Session.id)  # type: ignore[arg-type]
            .where(
                Session.activity_id == activity_id,  # type: ignore[arg-type]
                Slot.booking_opens_at <= now,  # type: ignore[arg-type]
                Slot.booking_closes_at > now,  # type: ignore[arg-type]
                Slot.starts_at > now,  # type: ignore[arg-type]
            )
            .where(
                ~outside_panel(Slot.session_id, participant_id)
                if participant_id is not None
                else true()
            )
            .order_by(Slot.starts_at)  # type: ignore[arg-type]
            # What places_left and the offer's text read, in this query and one more each: a
            # lazy load per slot was a database round trip per time offered, on every BOOK.
            .options(
                contains_eager(Slot.session),  # type: ignore[arg-type]
                selectinload(Slot.bookings),  # type: ignore[arg-type]
                selectinload(Slot.waitlist),  # type: ignore[attr-defined]
            )
        )
        return [slot for slot in self.db.scalars(query) if slot.places_left > 0][:limit]

    def next_booking(
        self, participant_id: str, now: datetime, organisation_id: str | None = None
    ) -> Booking | None:
        """Their soonest confirmed booking that has not started (in that organisation's
        sessions, if named)."""
        query = (
            select(Booking)
            .join(Slot, Booking.slot_id == Slot.id)  # type: ignore[arg-type]
            .where(
                Booking.participant_id == participant_id,  # type: ignore[arg-type]
                Booking.status == CONFIRMED,  # type: ignore[arg-type]
                Slot.starts_at > now,  # type: ignore[arg-type]
                own_session(Slot.session_id, organisation_id),  # type: ignore[arg-type]
            )
            .order_by(Slot.starts_at)  # type: ignore[arg-type]
            .limit(1)
        )
        return self.db.scalars(query).first()
