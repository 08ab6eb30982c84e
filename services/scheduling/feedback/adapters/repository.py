"""Feedback on the database: the requests (mapped in adapters/orm.py), who is due to be asked,
and the activities that turned asking off."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session as DbSession

from services.scheduling.adapters.scoping import own, own_session
from services.scheduling.adapters.tables.activities import activity_organisations
from services.scheduling.adapters.tables.attendance import attendance
from services.scheduling.adapters.tables.feedback import feedback_requests, feedback_turned_off
from services.scheduling.adapters.tables.people import withdrawn_participants
from services.scheduling.adapters.tables.sessions import bookings, sessions, slots
from services.scheduling.attendance.domain import ATTENDED, PARTLY
from services.scheduling.feedback.domain import DONE, SKIPPED, TOO_OLD, FeedbackRequest
from services.scheduling.feedback.ports import Attended


class SqlAlchemyFeedbackRepository:
    def __init__(self, db: DbSession, organisation_id: str | None = None) -> None:
        self.db = db
        self.organisation_id = organisation_id

    def add(self, request: FeedbackRequest) -> None:
        self.db.add(request)

    def get(self, request_id: str) -> FeedbackRequest | None:
        return self.db.get(FeedbackRequest, request_id)

    def awaiting(
        self, participant_id: str, organisation_id: str | None = None
    ) -> FeedbackRequest | None:
        """Their newest request still waiting for a texted reply (of sessions of that
        organisation, if named: the one whose number they texted)."""
        query = (
            select(FeedbackRequest)
            .where(
                feedback_requests.c.participant_id == participant_id,
                feedback_requests.c.state.not_in((DONE, SKIPPED)),
                own_session(feedback_requests.c.session_id, organisation_id),
            )
            .order_by(feedback_requests.c.asked_at.desc())
            .limit(1)
        )
        return self.db.scalars(query).first()

    def attended_unasked(self, now: datetime, delay: timedelta, limit: int = 200) -> list[Attended]:
        """Attended bookings of times that ended `delay` ago or more (within TOO_OLD), with no
        request yet, of activities still asking, from people who have not withdrawn."""
        asked = select(feedback_requests.c.booking_id)
        off = select(feedback_turned_off.c.activity_id)
        withdrawn = select(withdrawn_participants.c.participant_id)
        query = (
            select(
                bookings.c.id,
                bookings.c.participant_id,
                sessions.c.id.label("session_id"),
                sessions.c.activity_id,
                sessions.c.activity_title,
                slots.c.ends_at,
            )
            .join(attendance, attendance.c.booking_id == bookings.c.id)
            .join(slots, slots.c.id == bookings.c.slot_id)
            .join(sessions, sessions.c.id == bookings.c.session_id)
            .where(
                attendance.c.outcome.in_((ATTENDED, PARTLY)),
                slots.c.ends_at <= now - delay,
                slots.c.ends_at > now - TOO_OLD,
                sessions.c.cancelled_at.is_(None),
                bookings.c.id.not_in(asked),
                sessions.c.activity_id.not_in(off),
                bookings.c.participant_id.not_in(withdrawn),
            )
            .order_by(slots.c.ends_at)
            .limit(limit)
        )
        return [Attended(*row) for row in self.db.execute(query)]

    def asks(self, activity_id: str) -> bool:
        query = select(feedback_turned_off.c.activity_id).where(
            feedback_turned_off.c.activity_id == activity_id
        )
        return self.db.execute(query).first() is None

    def set_asking(self, activity_id: str, ask: bool, now: datetime) -> None:
        self.db.execute(
            delete(feedback_turned_off).where(feedback_turned_off.c.activity_id == activity_id)
        )
        if not ask:
            row = {"activity_id": activity_id, "turned_off_at": now}
            self.db.execute(insert(feedback_turned_off).values(**row))

    def is_ours(self, activity_id: str) -> bool:
        """The activity is the organisation in scope's (as ActivityPublished said, or by its
        sessions); with nothing in scope, any activity with a session."""
        announced = select(activity_organisations.c.organisation_id).where(
            activity_organisations.c.activity_id == activity_id
        )
        owner = self.db.execute(announced).scalar_one_or_none()
        if owner is not None:
            return self.organisation_id is None or owner == self.organisation_id
        query = select(sessions.c.id).where(
            sessions.c.activity_id == activity_id,
            own(sessions.c.organisation_id, self.organisation_id),
        )
        return self.db.execute(query.limit(1)).first() is not None

    def stop_asking(self, participant_id: str, organisation_id: str, now: datetime) -> None:
        """They left the organisation: nothing more is asked about its sessions. A question
        still awaiting a reply ends; a time they attended but were not yet asked about is
        marked skipped, so it never will be (skipped rows count nowhere)."""
        theirs = (
            feedback_requests.c.participant_id == participant_id,
            own_session(feedback_requests.c.session_id, organisation_id),
        )
        self.db.execute(
            update(feedback_requests)
            .where(*theirs, feedback_requests.c.state.not_in((DONE, SKIPPED)))
            .values(state=DONE)
        )
        asked = select(feedback_requests.c.booking_id)
        unasked = (
            select(bookings.c.id, bookings.c.session_id, sessions.c.activity_id)
            .join(attendance, attendance.c.booking_id == bookings.c.id)
            .join(sessions, sessions.c.id == bookings.c.session_id)
            .where(
                bookings.c.participant_id == participant_id,
                sessions.c.organisation_id == organisation_id,
                attendance.c.outcome.in_((ATTENDED, PARTLY)),
                bookings.c.id.not_in(asked),
            )
        )
        for booking_id, session_id, activity_id in self.db.execute(unasked).all():
            skipped = FeedbackRequest(booking_id, participant_id, session_id, activity_id, now)
            skipped.state = SKIPPED
            self.db.add(skipped)
