"""Notifications' unit of work: its repositories plus the outbox, committed together."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import Any

from services.notifications.adapters.repository import (
    SqlAlchemyContactRepository,
    SqlAlchemyMessageRepository,
    SqlAlchemyNotificationRepository,
)
from services.notifications.domain.events import MessageSent
from shared.bus.unit_of_work import OutgoingEvent, SqlAlchemyUnitOfWork


def announce(event: object) -> Iterator[OutgoingEvent]:
    if not isinstance(event, MessageSent):
        raise TypeError(f"no announcement for {type(event).__name__}")
    yield ("MessageSent", 1, event.participant_id, asdict(event))


class NotificationsUnitOfWork(SqlAlchemyUnitOfWork):
    contacts: SqlAlchemyContactRepository
    notifications: SqlAlchemyNotificationRepository
    messages: SqlAlchemyMessageRepository

    def __init__(self, session_factory: Any) -> None:
        super().__init__(session_factory, producer="notifications", mapper=announce)

    def _start(self) -> None:
        self.contacts = SqlAlchemyContactRepository(self.session)
        self.notifications = SqlAlchemyNotificationRepository(self.session)
        self.messages = SqlAlchemyMessageRepository(self.session)

    def _seen(self) -> Iterable[Any]:
        return self.messages.seen
