"""SQLAlchemy repositories of activities, their channels, sign-ups to them, and consent records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.recruitment.activities.domain.activity import Activity
from services.recruitment.activities.domain.channels import Channel
from services.recruitment.invitations.domain.invitation import Invitation
from services.recruitment.participants.domain.consent import ConsentRecord
from services.recruitment.participants.domain.interest import ExpressionOfInterest


class SqlAlchemyActivityRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.seen: set[Activity] = set()

    def add(self, activity: Activity) -> None:
        self.session.add(activity)
        self.seen.add(activity)

    def get(self, activity_id: str) -> Activity | None:
        activity = self.session.get(Activity, activity_id)
        if activity is not None:
            self.seen.add(activity)
        return activity

    def all(self) -> list[Activity]:
        return list(self.session.scalars(select(Activity).order_by(Activity.created_at.desc())))


class SqlAlchemyChannelRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, channel: Channel) -> None:
        self.session.add(channel)

    def by_code(self, code: str) -> Channel | None:
        return self.session.scalars(select(Channel).where(Channel.code == code)).first()

    def for_activity(self, activity_id: str) -> list[Channel]:
        query = select(Channel).where(Channel.activity_id == activity_id).order_by(Channel.code)
        return list(self.session.scalars(query))


class SqlAlchemyInterestRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, interest: ExpressionOfInterest) -> None:
        self.session.add(interest)

    def find(self, participant_id: str, activity_id: str) -> ExpressionOfInterest | None:
        query = select(ExpressionOfInterest).where(
            ExpressionOfInterest.participant_id == participant_id,
            ExpressionOfInterest.activity_id == activity_id,
        )
        return self.session.scalars(query).first()

    def for_activity(self, activity_id: str) -> list[ExpressionOfInterest]:
        query = (
            select(ExpressionOfInterest)
            .where(ExpressionOfInterest.activity_id == activity_id)
            .order_by(ExpressionOfInterest.created_at)
        )
        return list(self.session.scalars(query))

    def for_participant(self, participant_id: str) -> list[ExpressionOfInterest]:
        query = select(ExpressionOfInterest).where(
            ExpressionOfInterest.participant_id == participant_id
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


class SqlAlchemyInvitationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

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

    def sent_since(self, participant_id: str, since: datetime) -> int:
        query = select(func.count()).where(
            Invitation.participant_id == participant_id,
            Invitation.status == "sent",
            Invitation.sent_at >= since,
        )
        return int(self.session.execute(query).scalar_one())

    def for_activity(self, activity_id: str) -> list[Invitation]:
        query = select(Invitation).where(Invitation.activity_id == activity_id)
        return list(self.session.scalars(query.order_by(Invitation.due_at)))
