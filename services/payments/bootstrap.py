"""Wiring payments' consumer; tests pass their own engine, settings and Stripe."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine

from services.payments.adapters.orm import start_mappers
from services.payments.adapters.unit_of_work import PaymentsUnitOfWork
from services.payments.config import PaymentsSettings, load_settings
from services.payments.entitlements import service_layer as handlers
from services.payments.expenses.adapters.receipts import from_environment
from services.payments.payouts.adapters.stripe_transfers import StripeTransfers
from services.payments.payouts.service_layer import onboarding, payouts
from services.payments.people.service_layer import erasure, projections
from services.payments.people.service_layer.erasure import ReceiptFiles
from services.payments.ports import Transfers
from shared import participant_sessions, staff_sessions
from shared.bus.consumer import Subscription
from shared.config import Settings
from shared.db import make_session_factory
from shared.periodic import every
from shared.processes import ConsumerWiring

GROUP = "payments"
TOPICS = [
    "scheduling.booking", staff_sessions.TOPIC, "recruitment.participant",
    "recruitment.activity", "recruitment.contact", "recruitment.staff-profile",
]  # fmt: skip


def uow_factory(engine: Engine) -> Callable[[], PaymentsUnitOfWork]:
    start_mappers()
    sessions = make_session_factory(engine)
    return lambda: PaymentsUnitOfWork(sessions)


def subscription(settings: PaymentsSettings, files: ReceiptFiles | None = None) -> Subscription:
    # Other events on these topics are known to the registry, so the runner skips them.
    receipts = files or from_environment()
    return Subscription(
        group=GROUP,
        topics=TOPICS,
        handlers={
            **staff_sessions.HANDLERS,
            **participant_sessions.HANDLERS,
            "ActivityPublished": lambda env, data, uow: projections.activity_published(data, uow),
            "ContactDetailsChanged": lambda env, data, uow: projections.contact_changed(data, uow),
            "StaffProfileChanged": lambda env, data, uow: projections.staff_profile_changed(
                data, uow
            ),
            "AttendanceRecorded": lambda env, data, uow: handlers.record_attendance(
                data, uow, settings
            ),
            "ErasureRequested": lambda env, data, uow: erasure.forget(data, uow, receipts),
        },
        tombstones={"recruitment.contact": projections.contact_forgotten},
    )


def wire_consumer(
    settings: Settings, engine: Engine, transfers: Transfers | None = None
) -> ConsumerWiring:
    # The shared runner loads the shared settings; payments' own (Stripe's key...) load here.
    payments = load_settings(settings)
    uows = uow_factory(engine)
    stripe = transfers or StripeTransfers(payments)
    # Payouts left `started` by a crash or a timeout are sent again with their own key.
    resume = every(30, lambda: payouts.resume_started(uows, stripe, payouts.RESEND_AFTER))
    # Payouts waiting for an account that became ready, if the webhook's own sending was cut short.
    waiting = every(60, lambda: onboarding.pay_waiting(None, uows, stripe))

    def idle() -> None:
        resume()
        waiting()

    return ConsumerWiring(subscription(payments), uows, on_idle=idle)
