"""Payments' one wiring root: the bus with its adapters, for the web app and the consumer.

Tests hand in their own unit of work, clock, settings, Stripe clients and receipt store.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from services.payments import handlers
from services.payments.adapters.orm import start_mappers
from services.payments.adapters.unit_of_work import PaymentsUnitOfWork
from services.payments.choices.adapters.stripe_connect import StripeConnect
from services.payments.choices.service_layer import Connect
from services.payments.config import PaymentsSettings, load_settings
from services.payments.expenses.adapters.receipts import ReceiptStore, from_environment
from services.payments.payouts.adapters.stripe_transfers import StripeTransfers
from services.payments.payouts.commands import PayWaiting, ResumeStarted
from services.payments.people.commands import ForgetContact
from services.payments.ports import Transfers
from shared import participant_sessions, staff_sessions
from shared.bus.consumer import Subscription
from shared.bus.messagebus import MessageBus
from shared.clock import Clock, utc_now
from shared.config import Settings
from shared.db import make_session_factory
from shared.organisations import SqlOrganisationReads
from shared.periodic import once_across_instances
from shared.processes import ConsumerWiring

GROUP = "payments"
TOPICS = [
    "scheduling.booking", staff_sessions.TOPIC, "recruitment.participant",
    "recruitment.activity", "recruitment.contact", "recruitment.staff-profile",
    "recruitment.organisation",
]  # fmt: skip


def uow_factory(engine: Engine) -> Callable[[], PaymentsUnitOfWork]:
    start_mappers()
    sessions = make_session_factory(engine)
    return lambda: PaymentsUnitOfWork(sessions)


def bootstrap(
    *,
    uow_factory: Callable[[], Any],
    settings: PaymentsSettings,
    clock: Clock = utc_now,
    transfers: Transfers | None = None,
    connect: Connect | None = None,
    receipts: ReceiptStore | None = None,
) -> MessageBus:
    """The bus: every command's handler, given what it asks for by name."""
    dependencies = {
        "settings": settings,
        "clock": clock,
        "uow_factory": uow_factory,  # for handlers that pay each claim in its own transaction
        # The Stripe clients only call Stripe when used: building them needs no API key.
        "transfers": transfers or StripeTransfers(settings),
        "connect": connect or StripeConnect(settings),
        "receipts": receipts or from_environment(),  # PAYMENTS_RECEIPTS_DIR
        "organisation_reads": SqlOrganisationReads(uow_factory),  # one organisation by id
    }
    return MessageBus(uow_factory, handlers.COMMAND_HANDLERS, handlers.EVENT_HANDLERS, dependencies)


def _runner_holds_the_uow() -> Any:
    raise RuntimeError("the consumer runner passes its own unit of work")


def subscription(bus: MessageBus | None = None) -> Subscription:
    """What the consumer hears; each payload becomes a command on the bus. Without a bus (the
    docs read just the topics and event types), one is built from the environment when the
    first message comes; the runner hands each handler its unit of work."""
    buses: list[MessageBus] = [bus] if bus else []

    def the_bus() -> MessageBus:
        if not buses:
            buses.append(bootstrap(uow_factory=_runner_holds_the_uow, settings=load_settings()))
        return buses[0]

    def on_bus(build: Callable[[dict[str, Any]], object]) -> Callable[..., None]:
        def handle(_envelope: Any, data: dict[str, Any], uow: Any) -> None:
            the_bus().handle(build(data), uow)

        return handle

    def forgotten(participant_id: str, uow: Any) -> None:
        the_bus().handle(ForgetContact(participant_id), uow)

    # Other events on these topics are known to the registry, so the runner skips them.
    return Subscription(
        group=GROUP,
        topics=TOPICS,
        handlers={
            **staff_sessions.HANDLERS,
            **participant_sessions.HANDLERS,
            **{event_type: on_bus(build) for event_type, build in handlers.FROM_EVENTS.items()},
        },
        tombstones={"recruitment.contact": forgotten},
    )


def wire_consumer(
    settings: Settings, engine: Engine, transfers: Transfers | None = None
) -> ConsumerWiring:
    # The shared runner loads the shared settings; payments' own (Stripe's key...) load here.
    uows = uow_factory(engine)
    bus = bootstrap(uow_factory=uows, settings=load_settings(settings), transfers=transfers)
    once = once_across_instances(engine)  # scheduled work: one consumer instance runs each
    # Payouts left `started` by a crash or a timeout are sent again with their own key.
    resume = once("payouts-resume-started", 30, lambda: bus.handle(ResumeStarted()))
    # Payouts waiting for an account that became ready, if the webhook's own sending was cut short.
    waiting = once("payouts-pay-waiting", 60, lambda: bus.handle(PayWaiting()))

    def idle() -> None:
        resume()
        waiting()

    # Some handlers pay out, calling Stripe: fewer records a poll keep them inside its limit.
    return ConsumerWiring(subscription(bus), uows, on_idle=idle, max_poll_records=100)
