"""Wiring scheduling's consumer: the SMS booking dialogue, who was invited to what, names and
access needs for staff pages, staff names, people who withdraw their consent or ask to be
forgotten, and the idle work (reminders, waitlists, staff tasks)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from services.scheduling.adapters.orm import start_mappers
from services.scheduling.adapters.unit_of_work import SchedulingUnitOfWork
from services.scheduling.config import load_settings
from services.scheduling.people import service_layer as forgetting
from services.scheduling.reminders import service_layer as reminders
from services.scheduling.sms_dialogue import service_layer as sms_booking
from services.scheduling.staff_tasks import service_layer as staff_tasks
from services.scheduling.waitlist.service_layer import waitlists
from shared import participant_sessions, staff_sessions
from shared.bus.consumer import Subscription
from shared.config import Settings
from shared.db import make_session_factory
from shared.periodic import every
from shared.processes import ConsumerWiring

GROUP = "scheduling"
TAKING_PART = "taking_part"


def uow_factory(
    engine: Engine, hold_for: timedelta = timedelta(hours=2)
) -> Callable[[], SchedulingUnitOfWork]:
    start_mappers()
    sessions = make_session_factory(engine)
    return lambda: SchedulingUnitOfWork(sessions, hold_for=hold_for)


def subscription(clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> Subscription:
    def text(env, data, uow) -> None:  # type: ignore[no-untyped-def]
        pid = str(data["participant_id"]) if data.get("participant_id") else None
        if pid and uow.people.is_withdrawn(pid):
            return  # no booking by text, and no answer: we may not message them any more
        sms_booking.handle_text(pid, data["text"], uow, clock())

    def invited(env, data, uow) -> None:  # type: ignore[no-untyped-def]
        uow.dialogue.invited(str(data["participant_id"]), str(data["activity_id"]), clock())

    def contact(env, data, uow) -> None:  # type: ignore[no-untyped-def]
        # Only the name and the access and support needs are kept, for staff pages.
        pid = str(data["participant_id"])
        uow.needs.save(pid, tuple(sorted(data["support_needs"])))
        uow.names.save_participant(pid, data["preferred_name"])

    def forget_contact(pid: str, uow) -> None:  # type: ignore[no-untyped-def]
        uow.needs.forget(pid)
        uow.names.forget_participant(pid)

    def staff_profile(env, data, uow) -> None:  # type: ignore[no-untyped-def]
        staff_id, roles, active = str(data["staff_id"]), data.get("roles"), data.get("active")
        uow.names.save_staff(staff_id, data["name"], data["changed_at"], roles, active)

    def erased(env, data, uow) -> None:  # type: ignore[no-untyped-def]
        forgetting.erase(str(data["participant_id"]), uow, clock())

    def withdrawn(env, data, uow) -> None:  # type: ignore[no-untyped-def]
        if data["scope"] == TAKING_PART:  # other scopes (health details) are recruitment's
            forgetting.withdraw(str(data["participant_id"]), uow, clock())

    def consented(env, data, uow) -> None:  # type: ignore[no-untyped-def]
        if data["scope"] == TAKING_PART:
            forgetting.consent_again(str(data["participant_id"]), uow)

    return Subscription(
        group=GROUP,
        topics=[
            "notifications.inbound-sms",
            "recruitment.invitation",
            "recruitment.contact",
            "recruitment.participant",
            "recruitment.staff-profile",
            staff_sessions.TOPIC,
        ],
        handlers={
            **staff_sessions.HANDLERS,
            **participant_sessions.HANDLERS,
            "InboundSmsReceived": text,
            "ParticipantInvited": invited,
            "ContactDetailsChanged": contact,
            "StaffProfileChanged": staff_profile,
            "ErasureRequested": erased,
            "ConsentWithdrawn": withdrawn,
            "ConsentGiven": consented,
        },
        tombstones={"recruitment.contact": forget_contact},
    )


def wire_consumer(settings: Settings, engine: Engine) -> ConsumerWiring:
    settings = load_settings(settings)
    uows = uow_factory(engine, timedelta(hours=settings.hold_hours))
    offsets = reminders.parse_offsets(settings.reminder_offsets)
    remind = every(30, lambda: reminders.announce_due(uows(), datetime.now(UTC), offsets))
    # Lapsed holds pass to the next person; places freed by texts are offered to the waitlist.
    sweep = waitlists.sweeper(uows)
    tasks = staff_tasks.reviewer(uows)  # below the minimum near the decision; lapsed holds

    def idle() -> None:
        remind()
        sweep()
        tasks()

    return ConsumerWiring(subscription=subscription(), uow_factory=uows, on_idle=idle)
