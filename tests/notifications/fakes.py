"""Notifications' fakes for unit tests: each subclasses the port it stands in for, and the unit
of work records the outbox envelopes it would have published (with the real event mapper)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Self

from services.notifications.adapters.unit_of_work import announce
from services.notifications.dispatch.service_layer.dispatcher import Dispatcher
from services.notifications.domain.model import Contact, Message, Notification
from services.notifications.messages.adapters.templates import FileTemplates
from services.notifications.messages.commands import QueueMessage
from services.notifications.messages.service_layer import queue_message
from services.notifications.ports import (
    ActivityTitles,
    ContactRepository,
    DispatcherInstances,
    EmailSender,
    MessageRepository,
    NotificationRepository,
    OrganisationRepository,
    SentMessages,
    SignUps,
    SmsSender,
    Suppressions,
    UnitOfWork,
)
from shared.bus.unit_of_work import OutgoingEvent
from shared.calendar import session_invite
from shared.vocabulary.organisations import Organisation

PARTICIPANT_ID = "c3a9e1f0-7b24-4d6e-8f15-92d04b6a7e31"
PHONE = "+447911123456"
EMAIL = "morwenna.testfield@example.org"


def now() -> datetime:
    return datetime.now(UTC)


def owe(command: QueueMessage | None, uow: UnitOfWork) -> None:
    """What the consumer does with a message an event owes (None: the event owes nothing)."""
    if command is not None:
        queue_message(command, uow, clock=now)


@dataclass
class Store:
    """What the database would hold, shared by every unit of work."""

    contacts: dict[str, Contact] = field(default_factory=dict)
    notifications: dict[str, Notification] = field(default_factory=dict)
    messages: dict[str, Message] = field(default_factory=dict)
    suppressed: set[tuple[str, str]] = field(default_factory=set)  # (number, sender)
    sign_ups: dict[str, bool] = field(default_factory=dict)  # participant -> confirmed
    activity_titles: dict[str, str] = field(default_factory=dict)
    activity_organisations: dict[str, str] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    heartbeats: dict[str, datetime] = field(default_factory=dict)  # dispatcher instance -> last
    published: list[object] = field(default_factory=list)  # events committed by a unit of work
    envelopes: list[OutgoingEvent] = field(default_factory=list)  # as the outbox would hold them
    commits: int = 0
    open_units: int = 0


class FakeContacts(ContactRepository):
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, participant_id: str) -> Contact | None:
        return self.store.contacts.get(participant_id)

    def save(self, contact: Contact) -> None:
        self.store.contacts[contact.participant_id] = contact

    def delete(self, participant_id: str) -> None:
        self.store.contacts.pop(participant_id, None)


class FakeNotifications(NotificationRepository):
    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, notification: Notification) -> None:
        self.store.notifications[notification.id] = notification

    def pending(self, limit: int) -> list[Notification]:
        pending = [n for n in self.store.notifications.values() if n.status == "pending"]
        return sorted(pending, key=lambda n: n.created_at)[:limit]

    def for_participant(self, participant_id: str, lock: bool = False) -> list[Notification]:
        return [n for n in self.store.notifications.values() if n.participant_id == participant_id]

    def discard(self, notifications: list[Notification]) -> None:
        for notification in notifications:
            self.store.notifications.pop(notification.id, None)

    def already_caused(self, template: str, causes: list[str]) -> set[str]:
        found = {(n.template, n.cause_event_id) for n in self.store.notifications.values()}
        return {cause for cause in causes if (template, cause) in found}


class FakeMessages(MessageRepository):
    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, message: Message) -> None:
        self.store.messages[message.id] = message

    def discard(self, messages: list[Message]) -> None:
        for message in messages:
            self.store.messages.pop(message.id, None)

    def get(self, message_id: str) -> Message | None:
        return self.store.messages.get(message_id)

    def get_many(self, message_ids: list[str]) -> dict[str, Message]:
        return {i: self.store.messages[i] for i in message_ids if i in self.store.messages}

    def due(self, now: datetime, limit: int) -> list[Message]:
        due = [
            m
            for m in self.store.messages.values()
            if m.status == "queued" and m.next_attempt_at <= now
        ]
        return sorted(due, key=lambda m: (m.next_attempt_at, m.created_at))[:limit]

    def sending_to(self, addresses: list[str]) -> set[str]:
        wanted = set(addresses)
        return {m.to for m in self.store.messages.values() if m.status == "sending"} & wanted

    def claim(self, candidates: list[Message], instance: str, now: datetime) -> list[Message]:
        mine = [m for m in candidates if m.status == "queued"]
        for message in mine:
            message.start_sending(now, instance)
        return mine

    def held_by_the_silent(self, cutoff: datetime) -> list[Message]:
        alive = {i for i, at in self.store.heartbeats.items() if at >= cutoff}
        return [
            m
            for m in self.store.messages.values()
            if m.status == "sending"
            and m.claimed_at is not None
            and m.claimed_at < cutoff
            and m.claimed_by not in alive
        ]

    def lock_claims(self) -> None:
        pass  # one process, one thread at a time

    def claimed_since(self, channel: str, since: datetime) -> int:
        return sum(
            1
            for m in self.store.messages.values()
            if m.channel == channel and m.claimed_at is not None and m.claimed_at > since
        )

    def with_status(self, status: str) -> list[Message]:
        return [m for m in self.store.messages.values() if m.status == status]

    def for_participant(self, participant_id: str) -> list[Message]:
        return [m for m in self.store.messages.values() if m.participant_id == participant_id]

    def unknown_sms(self, claimed_before: datetime, limit: int) -> list[Message]:
        found = [
            m
            for m in self.store.messages.values()
            if m.channel == "sms"
            and m.status == "unknown"
            and m.claimed_at is not None
            and m.claimed_at <= claimed_before
        ]
        return sorted(found, key=lambda m: m.claimed_at or datetime.min)[:limit]


class FakeDispatchers(DispatcherInstances):
    def __init__(self, store: Store) -> None:
        self.store = store

    def beat(self, instance: str, now: datetime) -> None:
        self.store.heartbeats[instance] = now

    def alive(self, cutoff: datetime) -> int:
        return sum(1 for at in self.store.heartbeats.values() if at >= cutoff)

    def retire(self, instance: str) -> None:
        self.store.heartbeats.pop(instance, None)

    def forget_silent(self, cutoff: datetime) -> None:
        for instance, at in list(self.store.heartbeats.items()):
            if at < cutoff:
                del self.store.heartbeats[instance]


class FakeSuppressions(Suppressions):
    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, phone: str, now: datetime, sender: str = "") -> None:
        self.store.suppressed.add((phone, sender))

    def remove(self, phone: str, sender: str | None = None) -> None:
        self.store.suppressed -= {
            (p, s) for p, s in self.store.suppressed if p == phone and sender in (None, s)
        }

    def is_suppressed(self, phone: str, sender: str = "") -> bool:
        return (phone, sender) in self.store.suppressed

    def senders_stopped(self, phone: str) -> list[str]:
        return sorted(s for p, s in self.store.suppressed if p == phone)


class FakeSignUps(SignUps):
    def __init__(self, store: Store) -> None:
        self.store = store

    def seen(self, participant_id: str, confirmed: bool) -> None:
        self.store.sign_ups[participant_id] = self.store.sign_ups.get(participant_id) or confirmed

    def confirmed(self, participant_id: str) -> None:
        self.store.sign_ups[participant_id] = True

    def delete(self, participant_id: str) -> None:
        self.store.sign_ups.pop(participant_id, None)


class FakeActivityTitles(ActivityTitles):
    def __init__(self, store: Store) -> None:
        self.store = store

    def save(self, activity_id: str, title: str, organisation_id: str) -> None:
        self.store.activity_titles[activity_id] = title
        self.store.activity_organisations[activity_id] = organisation_id

    def titles(self) -> dict[str, str]:
        return dict(self.store.activity_titles)

    def organisations(self, among: Collection[str] | None = None) -> dict[str, str]:
        found = self.store.activity_organisations
        return {a: o for a, o in found.items() if among is None or a in among}


class FakeOrganisations(OrganisationRepository):
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, organisation_id: str) -> Organisation | None:
        return self.store.organisations.get(organisation_id)

    def save(self, organisation: Organisation) -> None:
        self.store.organisations[organisation.organisation_id] = organisation

    def by_sms_sender(self, number: str) -> Organisation | None:
        found = [o for o in self.store.organisations.values() if o.sms_sender == number]
        return found[0] if found else None


class FakeUnitOfWork(UnitOfWork):
    def __init__(self, store: Store) -> None:
        self.store = store
        self.suppressions = FakeSuppressions(store)
        self.contacts = FakeContacts(store)
        self.notifications = FakeNotifications(store)
        self.messages = FakeMessages(store)
        self.dispatchers = FakeDispatchers(store)
        self.sign_ups = FakeSignUps(store)
        self.activity_titles = FakeActivityTitles(store)
        self.organisations = FakeOrganisations(store)

    def __enter__(self) -> Self:
        self.store.open_units += 1
        self.events: list[object] = []
        return self

    def __exit__(self, *exc: object) -> None:
        self.store.open_units -= 1

    def commit(self) -> None:
        self.store.commits += 1
        self.store.published.extend(self.events)
        self.store.envelopes.extend(out for event in self.events for out in announce(event))
        self.events = []


class FakeUnitOfWorkWithAggregates(FakeUnitOfWork):
    """Also publishes what the messages themselves recorded (MessageSent...), as the real unit
    of work does with the aggregates it has seen."""

    def commit(self) -> None:
        for message in self.store.messages.values():
            self.events.extend(message.events)
            message.events = []
        super().commit()


class FakeTwilioList(SentMessages):
    """Twilio's list: the texts it has, by (to, body); or down, when `fails` is set."""

    def __init__(self, has: dict[tuple[str, str], str] | None = None) -> None:
        self.has = has or {}
        self.fails: Exception | None = None
        self.asked: list[tuple[str, str, datetime]] = []
        self.while_asked: Callable[[], None] = lambda: None

    def find(self, to: str, body: str, since: datetime) -> str | None:
        self.asked.append((to, body, since))
        self.while_asked()
        if self.fails is not None:
            raise self.fails
        return self.has.get((to, body))


@dataclass
class Sent:
    to: str
    body: str
    subject: str = ""
    html: str = ""
    sender: str | None = None
    status_while_sending: str = ""
    open_units_while_sending: int = -1


class FakeSender:
    """Records what it was asked to send, and how the message stood at that moment."""

    def __init__(self, store: Store, prefix: str, fail_with: Exception | None = None) -> None:
        self.store = store
        self.prefix = prefix
        self.fail_with = fail_with
        self.sent: list[Sent] = []

    def _record(self, item: Sent) -> str:
        [message] = [m for m in self.store.messages.values() if m.to == item.to]
        item.status_while_sending = message.status
        item.open_units_while_sending = self.store.open_units
        self.sent.append(item)
        if self.fail_with is not None:
            raise self.fail_with
        return f"{self.prefix}-{len(self.sent)}"


class FakeSms(FakeSender, SmsSender):
    def send(self, to: str, body: str, *, sender: str | None = None) -> str:
        return self._record(Sent(to, body, sender=sender))


class FakeEmail(FakeSender, EmailSender):
    def __init__(self, store: Store, prefix: str, fail_with: Exception | None = None) -> None:
        super().__init__(store, prefix, fail_with)
        self.calendars: list[str] = []  # the .ics attached to each email, "" for none

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
        self.calendars.append(calendar)
        return self._record(Sent(to, text, subject, html, sender=sender))


@dataclass
class World:
    store: Store
    sms: FakeSms
    email: FakeEmail
    dispatcher: Dispatcher

    def restart(self, after: timedelta = timedelta(0)) -> Dispatcher:
        """A new process over the same database and providers, `after` from now."""
        return Dispatcher(
            lambda: FakeUnitOfWork(self.store),
            FileTemplates(),
            self.sms,
            self.email,
            links=fake_link,
            quiet_hours=None,  # these tests run at any hour; night_world() tests quiet hours
            action_links=fake_action_link,
            clock=lambda: datetime.now(UTC) + after,
        )


def fake_link(link_id: str, purpose: str | None) -> str:
    return f"https://chorus.test/join/link/{purpose}/{link_id}"


def fake_action_link(participant_id: str, purpose: str, channel: str, page: str) -> str:
    return f"https://chorus.test/join/link/{purpose}/{participant_id}.{channel}?next={page}"


DEPLOYMENT_NUMBER = "+447700900999"  # TWILIO_FROM_NUMBER: the number emails say to text


def make_world(sms_fails_with: Exception | None = None) -> World:
    store = Store()
    sms = FakeSms(store, "SM", fail_with=sms_fails_with)
    email = FakeEmail(store, "<msg", fail_with=None)
    dispatcher = Dispatcher(
        lambda: FakeUnitOfWork(store),
        FileTemplates(),
        sms,
        email,
        links=fake_link,
        quiet_hours=None,  # these tests run at any hour; night_world() tests quiet hours
        invites=session_invite,
        action_links=fake_action_link,
        deployment_number=DEPLOYMENT_NUMBER,
    )
    return World(store, sms, email, dispatcher)


def add_contact(world: World, **overrides: Any) -> Contact:
    values: dict[str, Any] = {
        "participant_id": PARTICIPANT_ID,
        "preferred_name": "Morwenna",
        "phone": PHONE,
        "email": EMAIL,
        "preferred_channel": "sms",
        "language": "en",
    }
    contact = Contact(**{**values, **overrides})
    world.store.contacts[contact.participant_id] = contact
    return contact


def owe_welcome(world: World, created_at: datetime | None = None) -> Notification:
    notification = Notification(
        PARTICIPANT_ID,
        "welcome",
        "6f1c2b7e-3d4a-4e8b-9c21-5a7f0d3e8b14",
        created_at or datetime.now(UTC),
    )
    world.store.notifications[notification.id] = notification
    return notification


def messages_by_channel(world: World) -> dict[str, Message]:
    by_channel = {m.channel: m for m in world.store.messages.values()}
    assert len(by_channel) == len(world.store.messages), "two messages on one channel"
    return by_channel
