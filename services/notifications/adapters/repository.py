"""SQLAlchemy repositories of contacts, notifications and messages."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import ColumnElement, and_, delete, func, or_, select, text, update
from sqlalchemy.orm import Session, aliased

from services.notifications.adapters.orm import (
    dispatcher_instances,
    messages,
    sign_ups,
)
from services.notifications.dispatch.domain.quiet_hours import ASKED_FOR
from services.notifications.domain.model import (
    CONFIRMATIONS,
    CONTACT_WAIT,
    ORDER_WAIT,
    Contact,
    Message,
    Notification,
)
from shared.db import sqlite_write_lock


class SqlAlchemyContactRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, participant_id: str) -> Contact | None:
        return self.session.get(Contact, participant_id)

    def save(self, contact: Contact) -> None:
        self.session.merge(contact)

    def delete(self, participant_id: str) -> None:
        self.session.execute(delete(Contact).where(Contact.participant_id == participant_id))

    def get_many(self, participant_ids: list[str]) -> dict[str, Contact]:
        if not participant_ids:
            return {}
        query = select(Contact).where(Contact.participant_id.in_(participant_ids))
        return {contact.participant_id: contact for contact in self.session.scalars(query)}

    def by_phone(self, phone: str) -> Contact | None:
        return self.session.scalars(select(Contact).where(Contact.phone == phone).limit(1)).first()


class SqlAlchemyNotificationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, notification: Notification) -> None:
        self.session.add(notification)

    def already_caused(self, template: str, causes: list[str]) -> set[str]:
        if not causes:
            return set()
        query = select(Notification.cause_event_id).where(
            Notification.template == template, Notification.cause_event_id.in_(causes)
        )
        return set(self.session.scalars(query))

    def pending(self, limit: int) -> list[Notification]:
        """Pending notifications that can be settled now: their contact has arrived, or they
        waited too long. Others are left out, so they never block the queue behind them.

        Locked until the caller commits (skipping rows another dispatcher holds), so an erasure
        waits for the messages made from them, and then redacts those too (for_participant)."""
        sqlite_write_lock(self.session)
        known = select(Contact.participant_id).where(
            Contact.participant_id == Notification.participant_id
        )
        now = datetime.now(UTC)
        overdue = now - CONTACT_WAIT
        query = (
            select(Notification)
            .where(
                Notification.status == "pending",
                or_(known.exists(), Notification.created_at < overdue),
                _in_order(now),
            )
            .order_by(Notification.created_at)
            .with_for_update(skip_locked=True, of=Notification)
        )
        return list(self.session.scalars(query.limit(limit)))

    def discard(self, notifications: list[Notification]) -> None:
        for notification in notifications:
            self.session.delete(notification)

    def for_participant(self, participant_id: str, lock: bool = False) -> list[Notification]:
        """`lock`: held until the caller commits, after any dispatcher settling one of them."""
        query = select(Notification).where(Notification.participant_id == participant_id)
        if lock:
            sqlite_write_lock(self.session)
            query = query.with_for_update()
        return list(self.session.scalars(query))


def _in_order(now: datetime) -> ColumnElement[bool]:
    """A sign-up's confirmation reaches the person first: anything else they did not just ask
    for waits while a confirmation is owed or unsent, while a text sign-up's confirmation has
    not arrived, and an invitation waits (up to ORDER_WAIT) for a sign-up not seen yet, since
    the invitation sent at sign-up travels on another topic and can overtake it."""
    person = Notification.participant_id
    earlier = aliased(Notification)
    confirmation_owed = select(earlier.id).where(
        earlier.participant_id == person,
        earlier.status == "pending",
        earlier.template.in_(CONFIRMATIONS),
    )
    confirmation_unsent = select(Message.id).where(
        Message.participant_id == person,
        Message.status.in_(("queued", "sending")),
        Message.template.in_(CONFIRMATIONS),
    )
    sign_up = select(sign_ups.c.participant_id).where(sign_ups.c.participant_id == person)
    unconfirmed = sign_up.where(sign_ups.c.confirmed.is_(False))
    sign_up_settled = or_(
        Notification.created_at < now - ORDER_WAIT,
        and_(~unconfirmed.exists(), or_(Notification.template != "invitation", sign_up.exists())),
    )
    # What they asked for a moment ago (a sign-in link, the reply to a text) never waits: a
    # welcome text held by the quiet hours would otherwise hold it until morning, and they know
    # they signed up.
    return or_(
        Notification.template.in_(CONFIRMATIONS | ASKED_FOR),
        Notification.asked_for.is_(True),
        and_(~confirmation_owed.exists(), ~confirmation_unsent.exists(), sign_up_settled),
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

    def discard(self, messages: list[Message]) -> None:
        for message in messages:
            self.seen.discard(message)  # nothing of a deleted message is announced
            self.session.delete(message)

    def get(self, message_id: str) -> Message | None:
        message = self.session.get(Message, message_id)
        return self._track([message])[0] if message is not None else None

    def get_many(self, message_ids: list[str]) -> dict[str, Message]:
        if not message_ids:
            return {}
        query = select(Message).where(Message.id.in_(message_ids))
        return {m.id: m for m in self._track(list(self.session.scalars(query)))}

    def by_provider_ref(self, provider_ref: str) -> Message | None:
        query = select(Message).where(Message.provider_ref == provider_ref).limit(1)
        found = self.session.scalars(query).first()
        return self._track([found])[0] if found is not None else None

    def due(self, now: datetime, limit: int) -> list[Message]:
        query = (
            select(Message)
            .where(Message.status == "queued", Message.next_attempt_at <= now)
            .order_by(Message.next_attempt_at, Message.created_at)
            .limit(limit)
            # PostgreSQL: rows another dispatcher is claiming are skipped, not waited for
            # (SQLite has one writer at a time and ignores this).
            .with_for_update(skip_locked=True)
        )
        return self._track(list(self.session.scalars(query)))

    def sending_to(self, addresses: list[str]) -> set[str]:
        if not addresses:
            return set()
        query = select(messages.c.to).where(
            messages.c.status == "sending", messages.c.to.in_(set(addresses))
        )
        return set(self.session.scalars(query))

    def claim(self, candidates: list[Message], instance: str, now: datetime) -> list[Message]:
        """Take the candidates for sending, each only if it is still queued: one conditional
        UPDATE ... RETURNING, so of two dispatchers that read the same row only one gets it."""
        if not candidates:
            return []
        taken = set(
            self.session.execute(
                update(messages)
                .where(messages.c.id.in_([m.id for m in candidates]), messages.c.status == "queued")
                .values(
                    status="sending",
                    attempts=messages.c.attempts + 1,
                    claimed_at=now,
                    claimed_by=instance,
                )
                .returning(messages.c.id)
            ).scalars()
        )
        mine = [m for m in candidates if m.id in taken]
        for message in mine:  # the same change in memory (its flush rewrites the same values)
            message.start_sending(now, instance)
        return mine

    def held_by_the_silent(self, cutoff: datetime) -> list[Message]:
        """Messages being sent by an instance with no heartbeat since `cutoff` (dead), claimed
        before it: a live instance's messages are never among them."""
        alive = select(dispatcher_instances.c.instance_id).where(
            dispatcher_instances.c.heartbeat_at >= cutoff
        )
        query = select(Message).where(
            Message.status == "sending",
            Message.claimed_at < cutoff,
            or_(Message.claimed_by.is_(None), Message.claimed_by.not_in(alive)),
        )
        return self._track(list(self.session.scalars(query)))

    def lock_claims(self) -> None:
        # A transaction-scoped advisory lock, one per schema (each test has its own schema).
        if self.session.get_bind().dialect.name == "postgresql":
            key = text("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.claims'))")
            self.session.execute(key)

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
