"""Scheduling's one wiring root: bootstrap() builds the message bus the web app and the consumer
both take (its unit of work, clock, settings and read models); subscription() says what the
consumer hears and turns each event into a command at the edge; wire_consumer() adds the idle
work (reminders, waitlists, staff tasks)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine

from services.scheduling.adapters.orm import start_mappers
from services.scheduling.adapters.unit_of_work import SchedulingUnitOfWork
from services.scheduling.booking.adapters.reads import SqlParticipantReads
from services.scheduling.calendar_feed.adapters import SqlCalendarFeedReads
from services.scheduling.config import SchedulingSettings, load_settings
from services.scheduling.feedback import service_layer as feedback
from services.scheduling.feedback.adapters.reads import SqlFeedbackReads
from services.scheduling.feedback.domain import parse_hours
from services.scheduling.handlers import (
    COMMAND_HANDLERS,
    EVENT_HANDLERS,
    FROM_EVENTS,
    FROM_TOMBSTONES,
)
from services.scheduling.my_data.adapters import SqlMyDataReads
from services.scheduling.panels import service_layer as panels
from services.scheduling.polls.adapters.reads import SqlPollReads
from services.scheduling.reminders import service_layer as reminders
from services.scheduling.sessions.adapters.reads import SqlSessionReads
from services.scheduling.staff_tasks import service_layer as staff_tasks
from services.scheduling.waitlist.adapters.reads import SqlWaitlistReads
from services.scheduling.waitlist.service_layer import waitlists
from shared import participant_sessions, staff_sessions
from shared.bus.consumer import Subscription
from shared.bus.messagebus import MessageBus
from shared.clock import Clock, utc_now
from shared.config import Settings
from shared.db import make_session_factory
from shared.organisations import SqlOrganisationReads
from shared.periodic import Schedule, on_each_instance, once_across_instances
from shared.processes import ConsumerWiring

GROUP = "scheduling"
TOPICS = [
    "notifications.inbound-sms",
    "recruitment.invitation",
    "recruitment.contact",
    "recruitment.participant",
    "recruitment.staff-profile",
    "recruitment.organisation",
    "recruitment.activity",  # ActivityPublished: whose each activity is
    "scheduling.booking",  # our own bookings and cancellations: arrangements to review
    staff_sessions.TOPIC,
]


def uow_factory(
    engine: Engine, hold_for: timedelta = timedelta(hours=2)
) -> Callable[[], SchedulingUnitOfWork]:
    start_mappers()
    sessions = make_session_factory(engine)
    return lambda: SchedulingUnitOfWork(sessions, hold_for=hold_for)


def _held_by_the_caller() -> Any:
    raise RuntimeError("this bus has no database of its own: its caller hands in the unit of work")


def bootstrap(
    *,
    settings: SchedulingSettings | None = None,
    engine: Engine | None = None,
    uow_factory: Callable[[], Any] | None = None,
    clock: Clock = utc_now,
) -> MessageBus:
    """The bus. With an engine (and no uow_factory), units of work on that database holding
    freed places for settings.hold_hours; with neither, a bus for a caller that holds one."""
    if uow_factory is None and engine is not None:
        hours = settings.hold_hours if settings is not None else 2
        uow_factory = _uows(engine, timedelta(hours=hours))
    uows = uow_factory or _held_by_the_caller
    dependencies = {"clock": clock, "settings": settings, "engine": engine, **read_models(uows)}
    return MessageBus(uows, COMMAND_HANDLERS, EVENT_HANDLERS, dependencies)


def read_models(uows: Callable[[], Any]) -> dict[str, Any]:
    """What pages read, each behind its feature's port (services.scheduling.web.reads)."""
    return {
        "session_reads": SqlSessionReads(uows),
        "participant_reads": SqlParticipantReads(uows),
        "waitlist_reads": SqlWaitlistReads(uows),
        "poll_reads": SqlPollReads(uows),
        "my_data_reads": SqlMyDataReads(uows),
        "organisation_reads": SqlOrganisationReads(uows),
        "feedback_reads": SqlFeedbackReads(uows),
        "calendar_feed_reads": SqlCalendarFeedReads(uows),
    }


_uows = uow_factory  # (the parameter of bootstrap() hides the module's function)


def subscription(bus: MessageBus | None = None) -> Subscription:
    """What scheduling's consumer hears; each event becomes a command for the bus, handled in
    the runner's unit of work (with the inbox row)."""
    bus = bus or bootstrap()

    def command_from(event_type: str) -> Callable[[Any, dict[str, Any], Any], None]:
        build = FROM_EVENTS[event_type]

        def handle(envelope: Any, data: dict[str, Any], uow: Any) -> None:
            command = build(data)
            if command is not None:
                bus.handle(command, uow)

        return handle

    def tombstone(topic: str) -> Callable[[str, Any], None]:
        return lambda key, uow: bus.handle(FROM_TOMBSTONES[topic](key), uow)

    return Subscription(
        group=GROUP,
        topics=list(TOPICS),
        handlers={
            **staff_sessions.HANDLERS,
            **participant_sessions.HANDLERS,
            **{event_type: command_from(event_type) for event_type in FROM_EVENTS},
        },
        tombstones={topic: tombstone(topic) for topic in FROM_TOMBSTONES},
    )


def idle_work(
    bus: MessageBus,
    reminder_offsets: str = "2d,2h",
    schedule: Schedule = on_each_instance,
    feedback_delay: timedelta = feedback.DEFAULT_DELAY,
    feedback_hours: str = "09:00-20:00",
) -> Callable[[], None]:
    """What the consumer does between messages: reminders due, feedback asked after sessions,
    lapsed holds passed on and freed places offered, staff tasks kept true. Each once across
    instances in the consumer process (wire_consumer's schedule)."""
    uows, clock = bus.uow_factory, bus.dependencies["clock"]
    offsets = reminders.parse_offsets(reminder_offsets)
    remind = schedule("reminders", 30, lambda: reminders.announce_due(uows(), clock(), offsets))
    hours = parse_hours(feedback_hours)
    ask = schedule("feedback", 30, lambda: feedback.ask_due(uows(), clock(), feedback_delay, hours))
    sweep = waitlists.sweeper(uows, clock, schedule=schedule)
    # below the minimum near the decision; lapsed holds
    tasks = staff_tasks.reviewer(uows, clock, schedule=schedule)
    terms = panels.reviewer(uows, clock, schedule=schedule)  # panel terms ending soon

    def idle() -> None:
        remind()
        ask()
        sweep()
        tasks()
        terms()

    return idle


def wire_consumer(settings: Settings, engine: Engine) -> ConsumerWiring:
    own = load_settings(settings)
    bus = bootstrap(settings=own, engine=engine)
    return ConsumerWiring(
        subscription=subscription(bus),
        uow_factory=bus.uow_factory,
        on_idle=idle_work(
            bus,
            own.reminder_offsets,
            once_across_instances(engine),
            timedelta(minutes=own.feedback_delay_minutes),
            own.feedback_hours,
        ),
    )
