"""The wiring root: every event notifications consumes becomes a command the bus handles, with
the clock, settings and senders it was given (fakes here)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from services.notifications import handlers
from services.notifications.bootstrap import bootstrap, subscription
from services.notifications.config import load_settings
from shared.events.envelope import Envelope
from tests.notifications.fakes import PARTICIPANT_ID, FakeEmail, FakeSms, FakeUnitOfWork, Store

NOON = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def test_every_consumed_event_type_has_a_command_with_a_handler() -> None:
    store = Store()
    bus = bootstrap(
        uow_factory=lambda: FakeUnitOfWork(store),
        clock=lambda: NOON,
        settings=load_settings(),
        sms=FakeSms(store, "SM"),
        email=FakeEmail(store, "<msg"),
    )
    assert set(handlers.FROM_EVENTS) <= set(subscription(bus).handlers)
    assert all(bus.handles(kind) for kind in handlers.COMMAND_HANDLERS)


def test_an_event_is_queued_at_the_injected_clock_s_time_with_its_links() -> None:
    store = Store()
    settings = dataclasses.replace(load_settings(), public_base_url="https://chorus.test")
    bus = bootstrap(
        uow_factory=lambda: FakeUnitOfWork(store),
        clock=lambda: NOON,
        settings=settings,
        sms=FakeSms(store, "SM"),
        email=FakeEmail(store, "<msg"),
    )
    data = {"participant_id": PARTICIPANT_ID, "amount_pence": 1200}
    envelope = Envelope("PayoutSent", 1, "payments", PARTICIPANT_ID, data, "c")
    subscription(bus).handlers["PayoutSent"](envelope, data, FakeUnitOfWork(store))
    [owed] = store.notifications.values()
    assert (owed.template, owed.created_at, owed.cause_event_id) == (
        "payment_sent",
        NOON,
        envelope.id,
    )
    assert owed.details["pay_url"] == "https://chorus.test/pay"
