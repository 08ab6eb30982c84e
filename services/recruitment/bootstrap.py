"""Recruitment's one wiring root: the adapters, the clock and the settings, put on one bus.

The web app (create_app) and the consumer both take the bus this builds; views and handlers get
what they need from it (a unit of work, the password hasher, the deprivation lookup...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from services.recruitment.activities.adapters.activity_views import UnitOfWorkActivityViews
from services.recruitment.adapters.orm import start_mappers
from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from services.recruitment.config import RecruitmentSettings, load_settings
from services.recruitment.equality.adapters.equality_tables import answers_on
from services.recruitment.equality.adapters.imd import lookup_from_environment
from services.recruitment.handlers import COMMAND_HANDLERS, EVENT_HANDLERS, FROM_EVENTS
from services.recruitment.history import domain as history
from services.recruitment.history.adapters import UnitOfWorkHistoryViews
from services.recruitment.history.commands import NoteFact
from services.recruitment.invitations.commands import ReleaseDueInvitations
from services.recruitment.signups.adapters.sms_signup_repository import SmsSignUpUnitOfWork
from services.recruitment.signups.commands import ForgetSilentDialogues
from services.recruitment.staff.adapters.passwords import Argon2Passwords
from shared.bus.consumer import Subscription
from shared.bus.messagebus import MessageBus
from shared.clock import Clock, utc_now
from shared.config import Settings
from shared.db import make_engine, make_session_factory
from shared.events.envelope import Envelope
from shared.periodic import once_across_instances
from shared.processes import ConsumerWiring

GROUP = "recruitment"


def web_unit_of_work(engine: Engine, secret: str) -> Callable[[], RecruitmentUnitOfWork]:
    """The pages' and API's unit of work; the secret (SECRET_KEY) keys the sending limits."""
    start_mappers()
    sessions = make_session_factory(engine)
    return lambda: RecruitmentUnitOfWork(sessions, secret)


def uow_factory(engine: Engine) -> Callable[[], SmsSignUpUnitOfWork]:
    """The consumer's unit of work: re-entrant, so the inbox row commits with the effect."""
    start_mappers()
    sessions = make_session_factory(engine)
    return lambda: SmsSignUpUnitOfWork(sessions)


def bootstrap(
    *,
    settings: RecruitmentSettings | None = None,
    engine: Engine | None = None,
    uow_factory: Callable[[], Any] | None = None,
    clock: Clock = utc_now,
    passwords: Any = None,
    deprivation: Any = None,
) -> MessageBus:
    settings = settings or load_settings()
    engine = engine or make_engine(settings.database_url)
    dependencies = {
        "settings": settings,
        "engine": engine,  # the app's readiness check asks the database
        "clock": clock,
        "passwords": passwords or Argon2Passwords(),
        # Read once at start-up, like the rest of the configuration.
        "deprivation": deprivation if deprivation is not None else lookup_from_environment(),
        "answers_on": answers_on,
        "invitations_per_30_days": settings.invitations_per_30_days,
    }
    uows = uow_factory or web_unit_of_work(engine, str(settings.secret_key))
    dependencies["activity_views"] = UnitOfWorkActivityViews(uows)  # the pages' read model
    dependencies["history_views"] = UnitOfWorkHistoryViews(uows)  # a person's history
    return MessageBus(uows, COMMAND_HANDLERS, EVENT_HANDLERS, dependencies)


def subscription(bus: MessageBus | None = None) -> Subscription:
    """What recruitment's consumer reads; with no bus (the docs' diagram) it only describes."""

    def handler(kind: str) -> Callable[..., None]:
        def handle(env: Envelope, data: dict[str, Any], uow: Any) -> None:
            if bus is None:
                raise RuntimeError("subscription() without a bus only describes the consumer")
            if kind in FROM_EVENTS:
                bus.handle(FROM_EVENTS[kind](data), uow)
            fact = history.fact_from(kind, data, env.occurred_at)
            if fact is not None:  # a line of the person's history (history/domain.py)
                bus.handle(NoteFact(fact), uow)

        return handle

    return Subscription(
        group=GROUP,
        # scheduling.booking: AttendanceRecorded marks who took part (reach against target);
        # it, bookings, payments and messages are lines of a person's history. The topics'
        # other events are known to the registry, so the runner skips them.
        topics=[
            "notifications.inbound-sms",
            "scheduling.booking",
            "payments.payout",
            "notifications.message",
            "notifications.delivery",
        ],
        handlers={kind: handler(kind) for kind in {*FROM_EVENTS, *history.FROM_EVENTS}},
    )


def wire_consumer(_shared: Settings, engine: Engine) -> ConsumerWiring:
    uows = uow_factory(engine)
    bus = bootstrap(settings=load_settings(), engine=engine, uow_factory=uows)
    once = once_across_instances(engine)  # scheduled work: one consumer instance runs each
    # A dialogue nobody answered for a day is deleted with its answers, even if no text comes.
    forget = once("forget-silent-dialogues", 600, lambda: bus.handle(ForgetSilentDialogues()))
    # Invitation waves go out when due; each person is checked again at that moment.
    invite = once("invitation-waves", 30, lambda: bus.handle(ReleaseDueInvitations()))

    def idle() -> None:
        forget()
        invite()

    return ConsumerWiring(subscription=subscription(bus), uow_factory=uows, on_idle=idle)
