"""Inbound texts and the numbers that said STOP: SQLAlchemy repositories."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from services.notifications.adapters.orm import inbound_messages, suppressions
from shared.bus.outbox import forget_staged


class SqlAlchemySuppressions:
    """Keyed by (number, sender): `sender` is the number or messaging service texted, '' the
    deployment's own (stop_key)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, phone: str, now: datetime, sender: str = "") -> None:
        if not self.is_suppressed(phone, sender):
            self.session.execute(insert(suppressions).values(phone=phone, sender=sender, since=now))

    def remove(self, phone: str, sender: str | None = None) -> None:
        """START to one sender; with no sender (erasure), every sender's."""
        query = delete(suppressions).where(suppressions.c.phone == phone)
        if sender is not None:
            query = query.where(suppressions.c.sender == sender)
        self.session.execute(query)

    def is_suppressed(self, phone: str, sender: str = "") -> bool:
        query = select(suppressions.c.phone).where(
            suppressions.c.phone == phone, suppressions.c.sender == sender
        )
        return self.session.execute(query).first() is not None

    def suppressed_among(self, pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
        if not pairs:
            return set()
        phones = {phone for phone, _ in pairs}
        query = select(suppressions.c.phone, suppressions.c.sender).where(
            suppressions.c.phone.in_(phones)
        )
        return {(r.phone, r.sender) for r in self.session.execute(query)} & set(pairs)

    def senders_stopped(self, phone: str) -> list[str]:
        query = select(suppressions.c.sender).where(suppressions.c.phone == phone)
        return sorted(self.session.scalars(query))


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

    def forget(self, participant_id: str, numbers: list[str]) -> None:
        if numbers:
            theirs = inbound_messages.c.from_number.in_(numbers)
            self.session.execute(update(inbound_messages).where(theirs).values(from_number=""))
        forget_staged(self.session, ["InboundSmsReceived"], [participant_id, *numbers])
