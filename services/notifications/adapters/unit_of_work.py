"""Notifications' unit of work: its repositories plus the outbox, committed together."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import Any

from services.notifications.adapters.dispatcher_instances import SqlAlchemyDispatcherInstances
from services.notifications.adapters.repository import (
    SqlAlchemyContactRepository,
    SqlAlchemyMessageRepository,
    SqlAlchemyNotificationRepository,
)
from services.notifications.adapters.webhook_rejections import SqlAlchemyWebhookRejections
from services.notifications.domain.events import (
    MessageDelivered,
    MessageDeliveryFailed,
    MessageSent,
)
from services.notifications.inbound.adapters import SqlAlchemyInboundLog, SqlAlchemySuppressions
from services.notifications.inbound.domain import InboundSmsReceived, SmsOptedIn, SmsOptedOut
from services.notifications.messages.adapters.repository import (
    SqlAlchemyActivityTitles,
    SqlAlchemySignUps,
)
from services.notifications.staff_notices.adapters.repository import SqlAlchemyStaff
from shared.bus.unit_of_work import OutgoingEvent, SqlAlchemyUnitOfWork
from shared.organisations import SqlAlchemyOrganisations
from shared.tenancy import organisation_in_scope


def announce(event: object) -> Iterator[OutgoingEvent]:
    match event:
        case MessageSent():
            yield ("MessageSent", 1, event.participant_id, asdict(event))
        case MessageDeliveryFailed():
            yield ("MessageDeliveryFailed", 1, event.participant_id, asdict(event))
        case MessageDelivered():
            yield ("MessageDelivered", 1, event.participant_id, asdict(event))
        case SmsOptedOut() | SmsOptedIn():
            yield (type(event).__name__, 1, event.participant_id, asdict(event))
        case InboundSmsReceived():
            # Keyed by participant so one person's replies stay in order; unknown senders by number.
            yield (
                "InboundSmsReceived",
                1,
                event.participant_id or event.from_number or "",
                asdict(event),
            )
        case _:
            raise TypeError(f"no announcement for {type(event).__name__}")


class NotificationsUnitOfWork(SqlAlchemyUnitOfWork):
    contacts: SqlAlchemyContactRepository
    notifications: SqlAlchemyNotificationRepository
    messages: SqlAlchemyMessageRepository
    dispatchers: SqlAlchemyDispatcherInstances
    suppressions: SqlAlchemySuppressions
    inbound: SqlAlchemyInboundLog
    sign_ups: SqlAlchemySignUps
    activity_titles: SqlAlchemyActivityTitles
    staff: SqlAlchemyStaff
    organisations: SqlAlchemyOrganisations
    webhook_rejections: SqlAlchemyWebhookRejections
    organisation_id: str | None

    def __init__(self, session_factory: Any) -> None:
        super().__init__(session_factory, producer="notifications", mapper=announce)

    def _start(self) -> None:
        # The signed-in staff member's organisation, if any (shared.tenancy): what staff pages
        # may see. None (consumers, the dispatcher, participants' own pages): everything.
        self.organisation_id = organisation_in_scope()
        self.contacts = SqlAlchemyContactRepository(self.session)
        self.notifications = SqlAlchemyNotificationRepository(self.session)
        self.messages = SqlAlchemyMessageRepository(self.session)
        self.dispatchers = SqlAlchemyDispatcherInstances(self.session)
        self.suppressions = SqlAlchemySuppressions(self.session)
        self.inbound = SqlAlchemyInboundLog(self.session)
        self.sign_ups = SqlAlchemySignUps(self.session)
        self.activity_titles = SqlAlchemyActivityTitles(self.session)
        self.staff = SqlAlchemyStaff(self.session)
        self.organisations = SqlAlchemyOrganisations(self.session)
        self.webhook_rejections = SqlAlchemyWebhookRejections(self.session)

    def _seen(self) -> Iterable[Any]:
        return self.messages.seen
