"""Inbound texts and the numbers that said STOP: SQLAlchemy repositories."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from services.notifications.adapters.orm import inbound_messages, suppressions
from shared.bus.outbox import forget_staged


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

    def suppressed_among(self, phones: list[str]) -> set[str]:
        if not phones:
            return set()
        query = select(suppressions.c.phone).where(suppressions.c.phone.in_(set(phones)))
        return set(self.session.scalars(query))


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
