"""What notifications' use cases need from the outside world."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, Self

from services.notifications.domain.model import Contact, Message, Notification
from shared.vocabulary.organisations import Organisation


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    html: str


class SendRefused(Exception):
    """The provider did not take the message and says trying again later may work (Twilio 429,
    SMTP 4xx, or no connection at all): safe to retry, since nothing was sent."""


class ChannelUnavailable(SendRefused):
    """Nothing was sent, and nothing will be on this channel for now: the provider cannot be
    reached (no connection, a DNS failure, a timeout before it took the message) or refuses our
    credentials. Messages wait, their attempts uncounted; refused credentials also alert."""

    def __init__(self, message: str, credentials: bool = False) -> None:
        super().__init__(message)
        self.credentials = credentials


class SendRejected(Exception):
    """The provider refused the message for good (a bad number, an opted-out number)."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


# Anything else a sender raises (a timeout, a 5xx) is ambiguous: the message may have gone.


class Templates(Protocol):
    def render(
        self,
        template: str,
        channel: str,
        language: str,
        context: dict[str, str],
        large_print: bool = False,
    ) -> Rendered: ...


class SmsSender(Protocol):
    def send(self, to: str, body: str, *, sender: str | None = None) -> str:
        """Send one SMS from `sender` (an organisation's number or Twilio messaging service;
        None: the deployment's number); returns the provider's message id. Raises on failure."""
        ...


class EmailSender(Protocol):
    def send(
        self,
        to: str,
        subject: str,
        text: str,
        html: str,
        calendar: str = "",
        *,
        sender: str | None = None,
    ) -> str:
        """Send one email from `sender` ("Name <address>"; None: the deployment's MAIL_FROM),
        with an iCalendar attachment when calendar is not empty; returns its Message-ID. Raises
        on failure."""
        ...


class ContactRepository(Protocol):
    def get(self, participant_id: str) -> Contact | None: ...
    def save(self, contact: Contact) -> None: ...
    def delete(self, participant_id: str) -> None: ...

    def get_many(self, participant_ids: list[str]) -> dict[str, Contact]:
        """The contacts known among these, by participant (the database's: one query)."""
        found = (self.get(participant_id) for participant_id in participant_ids)
        return {contact.participant_id: contact for contact in found if contact is not None}


class NotificationRepository(Protocol):
    def add(self, notification: Notification) -> None: ...
    def pending(self, limit: int) -> list[Notification]: ...
    def for_participant(self, participant_id: str, lock: bool = False) -> list[Notification]:
        """`lock`: the rows held until commit, after any dispatcher settling one of them."""
        ...

    def discard(self, notifications: list[Notification]) -> None:
        """Delete them (erasure from one organisation)."""
        ...

    def already_caused(self, template: str, causes: list[str]) -> set[str]:
        """Which of these causes already have a notification of this template."""
        ...


class MessageRepository(Protocol):
    def add(self, message: Message) -> None: ...
    def discard(self, messages: list[Message]) -> None:
        """Delete them (erasure from one organisation)."""
        ...

    def get(self, message_id: str) -> Message | None: ...
    def get_many(self, message_ids: list[str]) -> dict[str, Message]:
        """Those of the messages that exist, by id, in one query."""
        ...

    def due(self, now: datetime, limit: int) -> list[Message]: ...
    def sending_to(self, addresses: list[str]) -> set[str]:
        """Which of these addresses a message is being sent to right now (one query)."""
        ...

    def claim(self, candidates: list[Message], instance: str, now: datetime) -> list[Message]:
        """Mark as sending, by `instance`, those candidates still queued (no other instance took
        them meanwhile); returns those."""
        ...

    def held_by_the_silent(self, cutoff: datetime) -> list[Message]:
        """Messages `sending`, claimed before `cutoff` by an instance silent since then."""
        ...

    def lock_claims(self) -> None:
        """Hold claims by other instances until this transaction ends, so that two never count
        the same per-second budget (PostgreSQL; SQLite has one instance)."""

    def claimed_since(self, channel: str, since: datetime) -> int:
        """Messages on the channel claimed for sending after `since`."""
        ...

    def with_status(self, status: str) -> list[Message]: ...
    def for_participant(self, participant_id: str) -> list[Message]: ...
    def unknown_sms(self, claimed_before: datetime, limit: int) -> list[Message]:
        """Texts whose outcome is unknown, claimed for sending before `claimed_before`."""
        ...


class DispatcherInstances(Protocol):
    """The dispatchers running, with their heartbeats."""

    def beat(self, instance: str, now: datetime) -> None: ...
    def forget_silent(self, cutoff: datetime) -> None: ...
    def retire(self, instance: str) -> None:
        """The instance has stopped, its sends finished and written: it no longer counts."""
        ...

    def alive(self, cutoff: datetime) -> int:
        """How many have beaten since `cutoff` (at least this one, once it has)."""
        ...


class ActivityTitles(Protocol):
    def save(self, activity_id: str, title: str, organisation_id: str) -> None: ...
    def titles(self) -> dict[str, str]: ...
    def organisations(self, among: Collection[str] | None = None) -> dict[str, str]:
        """Each activity's organisation (activity id -> organisation id); only those `among`
        when given."""
        ...


class OrganisationRepository(Protocol):
    """The organisations projection, from recruitment.organisation
    (shared/organisations.py)."""

    def get(self, organisation_id: str) -> Organisation | None: ...
    def save(self, organisation: Organisation) -> None: ...
    def by_sms_sender(self, number: str) -> Organisation | None:
        """The organisation that texts from this number (a reply's To), if one does."""
        ...


class OrganisationReads(Protocol):
    """One organisation by id, outside any unit of work (its senders, its name)."""

    def get(self, organisation_id: str) -> Organisation | None: ...


class SignUps(Protocol):
    """Whose sign-up we have seen, and whether its confirmation has arrived."""

    def seen(self, participant_id: str, confirmed: bool) -> None: ...
    def confirmed(self, participant_id: str) -> None: ...
    def delete(self, participant_id: str) -> None: ...


class Suppressions(Protocol):
    """Numbers that said STOP, per sender ('' is the deployment's own: see stop_key)."""

    def add(self, phone: str, now: datetime, sender: str = "") -> None: ...
    def remove(self, phone: str, sender: str | None = None) -> None: ...
    def is_suppressed(self, phone: str, sender: str = "") -> bool: ...
    def senders_stopped(self, phone: str) -> list[str]: ...

    def suppressed_among(self, pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which of these (number, sender) said STOP (the database's: one query)."""
        return {pair for pair in pairs if self.is_suppressed(*pair)}


class InboundLog(Protocol):
    def record(self, message_sid: str, from_number: str, now: datetime) -> None: ...
    def forget(self, participant_id: str, numbers: list[str]) -> None:
        """Erasure: their numbers leave the log (the MessageSids stay, so a retried webhook is
        still handled once) and the words they texted leave the outbox."""
        ...


class SendMetrics(Protocol):
    """What the dispatcher counts: each send's outcome, and a provider found unavailable."""

    def outcome(self, channel: str, sent: bool) -> None: ...
    def unavailable(self, channel: str, reason: str) -> None: ...


class UncountedSends:
    """No metrics (unit tests, and a dispatcher built without any)."""

    def outcome(self, channel: str, sent: bool) -> None:
        pass

    def unavailable(self, channel: str, reason: str) -> None:
        pass


class WebhookRejections(Protocol):
    def record(self, path: str, reason: str, now: datetime, client_address: str | None) -> None:
        """Count a refused webhook request and, while the hour has had few, keep its details."""
        ...


class MessageViews(Protocol):
    """Read models for pages and APIs: plain rows, not domain objects (cosmicpython's views)."""

    def messages_to(self, address: str) -> list[dict[str, Any]]: ...
    def latest_messages(self, limit: int = 100) -> list[dict[str, Any]]: ...
    def message_log(
        self, participant_id: str | None, activity_id: str | None = None, limit: int = 200
    ) -> list[dict[str, Any]]: ...
    def my_messages(self, participant_id: str) -> dict[str, Any]: ...
    def task_kinds_not_wanted(self, staff_id: str) -> set[str]: ...


class UnitOfWork(Protocol):
    contacts: ContactRepository
    inbound: InboundLog
    suppressions: Suppressions
    events: list[object]  # facts to publish on commit
    notifications: NotificationRepository
    messages: MessageRepository
    dispatchers: DispatcherInstances
    sign_ups: SignUps
    activity_titles: ActivityTitles
    organisations: OrganisationRepository
    webhook_rejections: WebhookRejections

    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> None: ...
    def commit(self) -> None: ...


class SentMessages(Protocol):
    """The provider's own record of the texts it took (Twilio's message list)."""

    def find(self, to: str, body: str, since: datetime) -> str | None:
        """The provider's id of a text to `to` with this body created since `since`, or None.
        Raises when the provider cannot be asked."""
        ...
