"""Wiring recruitment's consumer: the SMS sign-up dialogue (JOIN <CODE>) on inbound texts,
attendance for reach, and, when idle, forgetting silent dialogues and releasing due invitation
waves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from services.recruitment.adapters.orm import start_mappers
from services.recruitment.adapters.sms_signup_repository import SmsSignUpUnitOfWork
from services.recruitment.service_layer import invitations, reach, sms_signup
from shared.bus.consumer import Subscription
from shared.config import Settings
from shared.db import make_session_factory
from shared.events.envelope import Envelope
from shared.periodic import every
from shared.processes import ConsumerWiring

GROUP = "recruitment"
Clock = Callable[[], datetime]


def uow_factory(engine: Engine) -> Callable[[], SmsSignUpUnitOfWork]:
    start_mappers()
    sessions = make_session_factory(engine)
    return lambda: SmsSignUpUnitOfWork(sessions)


def subscription(clock: Clock = lambda: datetime.now(UTC)) -> Subscription:
    def text(env: Envelope, data: dict[str, Any], uow: SmsSignUpUnitOfWork) -> None:
        pid = str(data["participant_id"]) if data.get("participant_id") else None
        sms_signup.handle_text(pid, data.get("from_number"), data["text"], uow, clock())

    return Subscription(
        group=GROUP,
        # scheduling.booking: AttendanceRecorded marks who took part (reach against target);
        # the topic's other events are known to the registry, so the runner skips them.
        topics=["notifications.inbound-sms", "scheduling.booking"],
        handlers={"InboundSmsReceived": text, **reach.HANDLERS},
    )


def wire_consumer(settings: Settings, engine: Engine) -> ConsumerWiring:
    uows = uow_factory(engine)
    # A dialogue nobody answered for a day is deleted with its answers, even if no text comes.
    forget = every(600, lambda: sms_signup.forget_silent_dialogues(uows(), datetime.now(UTC)))
    # Invitation waves go out when due; each person is checked again at that moment.
    per_30_days = settings.invitations_per_30_days
    invite = every(30, lambda: invitations.release_due(datetime.now(UTC), per_30_days, uows()))

    def idle() -> None:
        forget()
        invite()

    return ConsumerWiring(subscription=subscription(), uow_factory=uows, on_idle=idle)
