"""SQLAlchemy repositories of activities, their channels, sign-ups to them, and consent records.

With an organisation in scope (shared.tenancy: a signed-in staff member's), activities and the
rows hung on them (channels, sign-ups, invitations) are only that organisation's: another's
id is not found. Out of scope (public sign-up pages, consumers) nothing is filtered."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.orm import Session

from services.recruitment.activities.domain.activity import Activity
from services.recruitment.activities.domain.channels import Channel
from services.recruitment.adapters.orm import activities as activity_rows
from services.recruitment.invitations.domain.invitation import Invitation
from services.recruitment.participants.domain.consent import ConsentRecord
from services.recruitment.participants.domain.interest import ExpressionOfInterest


def owned(activity_id: Any, organisation_id: str | None) -> ColumnElement[bool]:
    """`activity_id` (a column or a value) names an activity of the organisation in scope."""
    if organisation_id is None:
        return true()
    theirs = select(activity_rows.c.id).where(activity_rows.c.organisation_id == organisation_id)
    return activity_id.in_(theirs)  # type: ignore[no-any-return]


class SqlAlchemyActivityRepository:
    def __init__(self, session: Session, organisation_id: str | None = None) -> None:
        self.session = session
        self.organisation_id = organisation_id
        self.seen: set[Activity] = set()

    def add(self, activity: Activity) -> None:
        self.session.add(activity)
        self.seen.add(activity)

    def get(self, activity_id: str) -> Activity | None:
        activity = self.session.get(Activity, activity_id)
        if activity is None or self.organisation_id not in (None, activity.organisation_id):
            return None
        self.seen.add(activity)
        return activity

    def all(self) -> list[Activity]:
        query = select(Activity).where(owned(Activity.id, self.organisation_id))
        return list(self.session.scalars(query.order_by(Activity.created_at.desc())))


class SqlAlchemyChannelRepository:
    """Codes are unique across the deployment (JOIN CODE needs no organisation): by_code looks
    everywhere; for_activity only in the organisation in scope."""

    def __init__(self, session: Session, organisation_id: str | None = None) -> None:
        self.session = session
        self.organisation_id = organisation_id

    def add(self, channel: Channel) -> None:
        self.session.add(channel)

    def by_code(self, code: str) -> Channel | None:
        return self.session.scalars(select(Channel).where(Channel.code == code)).first()

    def for_activity(self, activity_id: str) -> list[Channel]:
        query = select(Channel).where(
            Channel.activity_id == activity_id, owned(Channel.activity_id, self.organisation_id)
        )
        return list(self.session.scalars(query.order_by(Channel.code)))


class SqlAlchemyInterestRepository:
    def __init__(self, session: Session, organisation_id: str | None = None) -> None:
        self.session = session
        self.organisation_id = organisation_id

    def add(self, interest: ExpressionOfInterest) -> None:
        self.session.add(interest)

    def find(self, participant_id: str, activity_id: str) -> ExpressionOfInterest | None:
        query = select(ExpressionOfInterest).where(
            ExpressionOfInterest.participant_id == participant_id,
            ExpressionOfInterest.activity_id == activity_id,
            owned(ExpressionOfInterest.activity_id, self.organisation_id),
        )
        return self.session.scalars(query).first()

    def for_activity(self, activity_id: str) -> list[ExpressionOfInterest]:
        query = (
            select(ExpressionOfInterest)
            .where(
                ExpressionOfInterest.activity_id == activity_id,
                owned(ExpressionOfInterest.activity_id, self.organisation_id),
            )
            .order_by(ExpressionOfInterest.created_at)
        )
        return list(self.session.scalars(query))

    def for_participant(self, participant_id: str) -> list[ExpressionOfInterest]:
        query = select(ExpressionOfInterest).where(
            ExpressionOfInterest.participant_id == participant_id,
            owned(ExpressionOfInterest.activity_id, self.organisation_id),
        )
        return list(self.session.scalars(query))


class SqlAlchemyConsentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, record: ConsentRecord) -> None:
        self.session.add(record)

    def for_participant(self, participant_id: str) -> list[ConsentRecord]:
        query = (
            select(ConsentRecord)
            .where(ConsentRecord.participant_id == participant_id)
            .order_by(ConsentRecord.given_at)
        )
        return list(self.session.scalars(query))

    def forget(self, participant_id: str, organisation_id: str) -> None:
        """Erasure from one organisation: its consent records go; the others' stay."""
        for record in self.for_participant(participant_id):
            if record.organisation_id == organisation_id:
                self.session.delete(record)


class SqlAlchemyInvitationRepository:
    def __init__(self, session: Session, organisation_id: str | None = None) -> None:
        self.session = session
        self.organisation_id = organisation_id

    def add(self, invitation: Invitation) -> None:
        self.session.add(invitation)

    def due(self, now: datetime, limit: int) -> list[Invitation]:
        query = (
            select(Invitation)
            .where(Invitation.status == "waiting", Invitation.due_at <= now)
            .order_by(Invitation.due_at, Invitation.id)
            .limit(limit)
            .with_for_update(skip_locked=True)  # two consumers never send the same wave
        )
        return list(self.session.scalars(query))

    def sent_since(self, participant_id: str, since: datetime, organisation_id: str) -> int:
        """Invitations sent to the person since then by one organisation (the contact limit is
        each organisation's own: another's invitations do not count against it)."""
        whose = activity_rows.c.organisation_id == organisation_id
        theirs = select(activity_rows.c.id).where(whose)
        query = select(func.count()).where(
            Invitation.participant_id == participant_id,
            Invitation.status == "sent",
            Invitation.sent_at >= since,
            Invitation.activity_id.in_(theirs),
        )
        return int(self.session.execute(query).scalar_one())

    def for_activity(self, activity_id: str) -> list[Invitation]:
        query = select(Invitation).where(
            Invitation.activity_id == activity_id,
            owned(Invitation.activity_id, self.organisation_id),
        )
        return list(self.session.scalars(query.order_by(Invitation.due_at)))
