"""Wiring scheduling's consumer: the SMS booking dialogue and who was invited to what."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Engine

from services.scheduling.adapters.orm import start_mappers
from services.scheduling.adapters.unit_of_work import SchedulingUnitOfWork
from services.scheduling.service_layer import sms_booking
from shared import staff_sessions
from shared.bus.consumer import Subscription
from shared.config import Settings
from shared.db import make_session_factory
from shared.entrypoints import ConsumerWiring

GROUP = "scheduling"


def uow_factory(engine: Engine) -> Callable[[], SchedulingUnitOfWork]:
    start_mappers()
    sessions = make_session_factory(engine)
    return lambda: SchedulingUnitOfWork(sessions)


def subscription(clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> Subscription:
    def text(env, data, uow) -> None:  # type: ignore[no-untyped-def]
        pid = str(data["participant_id"]) if data.get("participant_id") else None
        sms_booking.handle_text(pid, data["text"], uow, clock())

    def invited(env, data, uow) -> None:  # type: ignore[no-untyped-def]
        uow.dialogue.invited(str(data["participant_id"]), str(data["activity_id"]), clock())

    return Subscription(
        group=GROUP,
        topics=["notifications.inbound-sms", "recruitment.invitation", staff_sessions.TOPIC],
        handlers={
            **staff_sessions.HANDLERS,
            "InboundSmsReceived": text,
            "ParticipantInvited": invited,
        },
    )


def wire_consumer(settings: Settings, engine: Engine) -> ConsumerWiring:
    return ConsumerWiring(subscription=subscription(), uow_factory=uow_factory(engine))
