"""THE wiring root of notifications: adapters in, one MessageBus out; tests pass their own."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine

from services.notifications import handlers
from services.notifications.adapters.metrics import PrometheusSendMetrics
from services.notifications.adapters.orm import start_mappers
from services.notifications.adapters.twilio_history import TwilioSentMessages
from services.notifications.adapters.unit_of_work import NotificationsUnitOfWork
from services.notifications.adapters.views import SqlAlchemyMessageViews
from services.notifications.config import NotificationsSettings, load_settings
from services.notifications.dev_outbox.adapters import (
    email_sender,
    sms_sender,
    twilio_configured,
)
from services.notifications.dispatch.commands import (
    Reconcile,
    RecoverInterrupted,
    StartDispatching,
)
from services.notifications.dispatch.domain.quiet_hours import QuietHours
from services.notifications.dispatch.service_layer.dispatcher import Dispatcher
from services.notifications.dispatch.service_layer.leases import DispatchLease
from services.notifications.messages.adapters.templates import FileTemplates
from services.notifications.messages.commands import ForgetContact
from services.notifications.ports import EmailSender, SentMessages, SmsSender, Templates
from services.notifications.reconcile.service_layer import Reconciler
from services.notifications.staff_notices.commands import TellStaff
from services.notifications.staff_notices.service_layer.notices import StaffNotices
from shared import participant_sessions, staff_sessions
from shared.bus.consumer import Subscription
from shared.bus.messagebus import MessageBus
from shared.calendar import session_invite
from shared.clock import Clock
from shared.db import make_engine, make_session_factory
from shared.events.envelope import Envelope
from shared.magic_links import link_url, message_link_url
from shared.organisations import SqlOrganisationReads
from shared.periodic import every, once_across_instances
from shared.processes import ConsumerWiring

GROUP = "notifications"
TOPICS = [
    "recruitment.participant",
    "recruitment.contact",
    "recruitment.magic-link",
    "recruitment.invitation",
    "recruitment.outcome",  # OutcomePublished
    "recruitment.sms-dialogue",
    "scheduling.booking",
    "scheduling.session",  # ArrangementDone: telling people what was arranged for them
    staff_sessions.TOPIC,
    "payments.payout",
    "recruitment.activity",
    "recruitment.staff-profile",
    "recruitment.organisation",
    "payments.staff-task",
    "scheduling.staff-task",
]


def sqlalchemy_uow_factory(engine: Engine) -> Callable[[], NotificationsUnitOfWork]:
    start_mappers()
    sessions = make_session_factory(engine)
    return lambda: NotificationsUnitOfWork(sessions)


uow_factory = sqlalchemy_uow_factory  # the name the other services' bootstraps use


def _now() -> datetime:
    return datetime.now(UTC)


def bootstrap(
    *,
    uow_factory: Callable[[], Any] | None = None,
    clock: Clock = _now,
    settings: NotificationsSettings | None = None,
    templates: Templates | None = None,
    sms: SmsSender | None = None,
    email: EmailSender | None = None,
    twilio_history: SentMessages | None = None,
) -> MessageBus:
    """The bus, with every handler's dependencies; what is not given is built from settings."""
    settings = settings or load_settings()
    uows = uow_factory or sqlalchemy_uow_factory(make_engine(settings.database_url))
    templates = templates or FileTemplates()
    # Built when first used: a web process never sends, so it needs no SMTP_HOST.
    email = email or _WhenFirstUsed(lambda: email_sender(settings))
    sms = sms or _WhenFirstUsed(lambda: sms_sender(settings))
    if twilio_history is None and twilio_configured(settings):
        twilio_history = TwilioSentMessages(settings)
    dependencies = {
        "clock": clock,
        "settings": settings,
        "templates": templates,
        "views": SqlAlchemyMessageViews(uows),
        "organisation_reads": SqlOrganisationReads(uows),  # one organisation by id
        "dispatcher": _dispatcher(settings, uows, templates, sms, email, clock),
        "reconciler": Reconciler(uows, twilio_history, clock) if twilio_history else None,
        "staff_notices": StaffNotices(
            uows,
            templates,
            email,
            settings.public_base_url,
            digest_at=_clock_time(settings.staff_digest_at),
            clock=clock,
        ),
    }
    return MessageBus(uows, handlers.COMMAND_HANDLERS, handlers.EVENT_HANDLERS, dependencies)


class _WhenFirstUsed:
    """A sender built on its first send (the consumer builds its own at start-up instead)."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._sender: Any = None

    def send(self, *args: Any, **kwargs: Any) -> str:
        if self._sender is None:
            self._sender = self._build()
        return self._sender.send(*args, **kwargs)


def _dispatcher(
    settings: NotificationsSettings,
    uows: Callable[[], Any],
    templates: Templates,
    sms: SmsSender,
    email: EmailSender,
    clock: Clock,
) -> Dispatcher:
    def link(link_id: str, purpose: str | None) -> str:
        # Rebuilt here from the event's ids: the token itself never travels on Kafka.
        return link_url(settings.public_base_url, settings.secret_key, link_id, purpose or "me")

    def action_link(participant_id: str, purpose: str, channel: str, page: str) -> str:
        return message_link_url(
            settings.public_base_url, settings.secret_key, participant_id, purpose, channel, page
        )

    lease = timedelta(seconds=settings.dispatch_lease_seconds)
    return Dispatcher(
        uows,
        templates,
        sms,
        email,
        links=link,
        clock=clock,
        quiet_hours=QuietHours.parse(settings.sms_quiet_hours),
        sms_per_second=settings.sms_per_second,
        invites=session_invite,
        batch=50,  # or SMS_PER_SECOND, if more: a second's texts in one claim
        concurrency=settings.send_concurrency,
        action_links=action_link,
        lease=DispatchLease(uows, clock, lease=lease),
        metrics=PrometheusSendMetrics(),
        deployment_from=settings.mail_from,
        deployment_number=settings.twilio_from_number,
    )


def _clock_time(text: str) -> time:
    """'08:00' -> 08:00 UK time (the staff digest's hour)."""
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def subscription(bus: MessageBus | None = None) -> Subscription:
    """The topics and event types notifications consumes, each event handed to the bus as the
    command handlers.FROM_EVENTS builds from it. Without a bus, one is bootstrapped when the first
    event comes (so listing the topics builds nothing)."""
    buses = [bus]

    def the_bus() -> MessageBus:
        if buses[0] is None:
            buses[0] = bootstrap()
        return buses[0]

    def hand_over(build: handlers.Builder) -> Callable[[Envelope, dict[str, Any], Any], None]:
        def handle(env: Envelope, data: dict[str, Any], uow: Any) -> None:
            bus = the_bus()
            command = build(env, data, bus.dependencies["settings"].public_base_url)
            if command is not None:
                bus.handle(command, uow)

        return handle

    return Subscription(
        group=GROUP,
        topics=list(TOPICS),
        handlers={
            **staff_sessions.HANDLERS,
            **participant_sessions.HANDLERS,
            **{kind: hand_over(build) for kind, build in handlers.FROM_EVENTS.items()},
        },
        tombstones={
            "recruitment.contact": lambda key, uow: the_bus().handle(ForgetContact(key), uow)
        },
    )


def wire_consumer(settings: NotificationsSettings, engine: Engine) -> ConsumerWiring:
    uows = sqlalchemy_uow_factory(engine)
    # Built now, so that missing SMTP or Twilio settings stop the consumer at start-up.
    senders = {"sms": sms_sender(settings), "email": email_sender(settings)}
    bus = bootstrap(uow_factory=uows, settings=settings, **senders)
    lease = settings.dispatch_lease_seconds
    stopping = threading.Event()  # ends the sending thread and the lease's heartbeat
    # On every instance: recovering renews this instance's own dispatcher lease as it frees
    # the dead ones' messages (sending has a thread of its own, StartDispatching).
    recover = every(lease / 2, lambda: bus.handle(RecoverInterrupted()))
    # Once across instances: two digests or two reconcilers asking Twilio would do it twice.
    once = once_across_instances(engine)
    tell_staff = once("tell-staff", 5, lambda: bus.handle(TellStaff()))
    # a text Twilio never got is requeued and goes on the next dispatch tick
    reconcile = once("reconcile-unknown-texts", 10, lambda: bus.handle(Reconcile()))

    def idle() -> None:
        recover()  # a dead instance's messages, once its lease has lapsed
        reconcile()
        tell_staff()

    return ConsumerWiring(
        subscription=subscription(bus),
        uow_factory=uows,
        on_idle=idle,
        # Due messages are sent from a thread of the dispatcher's own (dispatcher.py), so that
        # consuming a burst of events never holds up sending, nor sending the consuming.
        on_start=lambda: bus.handle(StartDispatching(in_background=True, stop=stopping)),
        on_stop=stopping.set,
    )
