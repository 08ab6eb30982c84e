"""SQLAlchemy repositories of contacts, notifications and messages."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session

from services.notifications.adapters.orm import inbound_messages, suppressions
from services.notifications.domain.model import CONTACT_WAIT, Contact, Message, Notification


class SqlAlchemyContactRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, participant_id: str) -> Contact | None:
        return self.session.get(Contact, participant_id)

    def save(self, contact: Contact) -> None:
        self.session.merge(contact)

    def delete(self, participant_id: str) -> None:
        self.session.execute(delete(Contact).where(Contact.participant_id == participant_id))

    def by_phone(self, phone: str) -> Contact | None:
        return self.session.scalars(select(Contact).where(Contact.phone == phone).limit(1)).first()


class SqlAlchemyNotificationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, notification: Notification) -> None:
        self.session.add(notification)

    def pending(self, limit: int) -> list[Notification]:
        """Pending notifications that can be settled now: their contact has arrived, or they
        waited too long. Others are left out, so they never block the queue behind them."""
        known = select(Contact.participant_id).where(
            Contact.participant_id == Notification.participant_id
        )
        overdue = datetime.now(UTC) - CONTACT_WAIT
        query = (
            select(Notification)
            .where(
                Notification.status == "pending",
                or_(known.exists(), Notification.created_at < overdue),
            )
            .order_by(Notification.created_at)
        )
        return list(self.session.scalars(query.limit(limit)))

    def for_participant(self, participant_id: str) -> list[Notification]:
        return list(
            self.session.scalars(
                select(Notification).where(Notification.participant_id == participant_id)
            )
        )


class SqlAlchemyMessageRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.seen: set[Message] = set()

    def _track(self, messages: list[Message]) -> list[Message]:
        self.seen.update(messages)
        return messages

    def add(self, message: Message) -> None:
        self.session.add(message)
        self.seen.add(message)

    def get(self, message_id: str) -> Message | None:
        message = self.session.get(Message, message_id)
        return self._track([message])[0] if message is not None else None

    def by_provider_ref(self, provider_ref: str) -> Message | None:
        query = select(Message).where(Message.provider_ref == provider_ref).limit(1)
        found = self.session.scalars(query).first()
        return self._track([found])[0] if found is not None else None

    def due(self, now: datetime, limit: int) -> list[Message]:
        query = (
            select(Message)
            .where(Message.status == "queued", Message.next_attempt_at <= now)
            .order_by(Message.next_attempt_at)
            .limit(limit)
        )
        return self._track(list(self.session.scalars(query)))

    def claimed_since(self, channel: str, since: datetime) -> int:
        query = select(func.count()).where(Message.channel == channel, Message.claimed_at > since)
        return self.session.execute(query).scalar_one()

    def with_status(self, status: str) -> list[Message]:
        return self._track(
            list(self.session.scalars(select(Message).where(Message.status == status)))
        )

    def for_participant(self, participant_id: str) -> list[Message]:
        return self._track(
            list(
                self.session.scalars(
                    select(Message).where(Message.participant_id == participant_id)
                )
            )
        )

    def unknown_sms(self, claimed_before: datetime, limit: int) -> list[Message]:
        query = (
            select(Message)
            .where(
                Message.channel == "sms",
                Message.status == "unknown",
                Message.claimed_at <= claimed_before,
                Message.to != "",  # forgotten people: nothing left to look up
            )
            .order_by(Message.claimed_at)
            .limit(limit)
        )
        return self._track(list(self.session.scalars(query)))


class SqlAlchemySuppressions:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, phone: str, now: datetime) -> None:
        if not self.is_suppressed(phone):
            self.session.execute(insert(suppressions).values(phone=phone, since=now))

    def remove(self, phone: str) -> None:
        self.session.execute(delete(suppressions).where(suppressions.c.phone == phone))

    def is_suppressed(self, phone: str) -> bool:
        query = select(suppressions.c.phone).where(suppressions.c.phone == phone)
        return self.session.execute(query).first() is not None


class SqlAlchemyInboundLog:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, message_sid: str, from_number: str, now: datetime) -> None:
        """Raises IntegrityError (at flush) for a MessageSid seen before."""
        self.session.execute(
            insert(inbound_messages).values(
                message_sid=message_sid, from_number=from_number, received_at=now
            )
        )
