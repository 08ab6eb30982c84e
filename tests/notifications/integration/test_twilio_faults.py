"""Twilio's error paths, through the real SDK, the real dispatcher and a real database.

Prism serves Twilio's spec but has no 429 and never times out, so a fault-injecting proxy of our
own stands in front of it (tests/twilio_fault_proxy.py) and keeps a log of every create it let
through: that log is how we know a text went to "Twilio" once and only once.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import Engine, select

from services.notifications.adapters.senders import SmtpEmailSender, TwilioSmsSender
from services.notifications.adapters.twilio_history import TwilioSentMessages
from services.notifications.bootstrap import uow_factory
from services.notifications.config import NotificationsSettings as Settings
from services.notifications.config import load_settings
from services.notifications.dispatch.service_layer.dispatcher import Dispatcher
from services.notifications.domain.model import Contact, Notification
from services.notifications.messages.adapters.templates import FileTemplates
from services.notifications.reconcile.service_layer import SETTLE, Reconciler
from shared.bus.tables import outbox
from shared.config import Secret
from tests.support import TWILIO_MOCK, migrated_engine
from tests.twilio_fault_proxy import FaultProxy

CLIENT_TIMEOUT = 1.0  # seconds the SDK waits for Twilio; the proxy holds replies longer


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@dataclasses.dataclass(frozen=True)
class Seen:
    """A message as the database holds it (read inside a unit of work, used after)."""

    status: str
    attempts: int
    provider_ref: str | None
    next_attempt_at: datetime
    body: str
    error: str | None


@dataclasses.dataclass
class Stack:
    proxy: FaultProxy
    settings: Settings
    engine: Engine
    uows: Callable[[], Any]
    clock: Clock
    dispatcher: Dispatcher
    reconciler: Reconciler

    def fault(self, mode: str, count: int = 1, delay: float = CLIENT_TIMEOUT + 2) -> None:
        answer = requests.post(
            f"{self.proxy.url}/__fault__",
            json={"mode": mode, "count": count, "delay": delay},
            timeout=5,
        )
        answer.raise_for_status()

    def creates(self, to: str) -> list[dict[str, Any]]:
        log = requests.get(f"{self.proxy.url}/__fault__/log", timeout=5).json()
        return [entry for entry in log if entry["to"] == to]

    def owe_welcome(self, phone: str) -> str:
        participant_id = str(uuid.uuid4())
        with self.uows() as uow:
            uow.contacts.save(Contact(participant_id, "Morwenna", phone, None, "sms", "en"))
            uow.notifications.add(
                Notification(participant_id, "welcome", str(uuid.uuid4()), self.clock())
            )
            uow.commit()
        return participant_id

    def message(self, participant_id: str) -> Seen:
        with self.uows() as uow:
            [m] = uow.messages.for_participant(participant_id)
            return Seen(m.status, m.attempts, m.provider_ref, m.next_attempt_at, m.body, m.error)

    def event_types(self) -> list[str]:
        with self.engine.connect() as connection:
            return list(connection.scalars(select(outbox.c.event_type).order_by(outbox.c.id)))


@pytest.fixture
def stack(stand_ins: None, tmp_path: Path) -> Iterator[Stack]:
    proxy = FaultProxy(TWILIO_MOCK).start()
    settings = dataclasses.replace(
        load_settings("notifications"),
        twilio_account_sid="AC00000000000000000000000000000000",
        twilio_auth_token=Secret("test-token"),
        twilio_from_number="+447700900000",
        twilio_api_base=proxy.url,
        twilio_timeout_seconds=CLIENT_TIMEOUT,
    )
    engine = migrated_engine("notifications", tmp_path)
    uows = uow_factory(engine)
    clock = Clock()
    dispatcher = Dispatcher(
        uows,
        FileTemplates(),
        TwilioSmsSender(settings),
        SmtpEmailSender(settings),
        links=lambda link_id, purpose: f"https://chorus.test/join/link/{link_id}",
        clock=clock,
        quiet_hours=None,
    )
    reconciler = Reconciler(uows, TwilioSentMessages(settings), clock=clock)
    try:
        yield Stack(proxy, settings, engine, uows, clock, dispatcher, reconciler)
    finally:
        proxy.stop()
        engine.dispose()


def a_phone() -> str:
    return f"+4479{uuid.uuid4().int % 10**8:08d}"


def test_a_429_is_retried_with_backoff_and_the_text_sent_once(stack: Stack) -> None:
    phone = a_phone()
    participant_id = stack.owe_welcome(phone)
    stack.fault("429")

    assert stack.dispatcher.tick() == 0
    refused = stack.message(participant_id)
    assert refused.status == "queued"
    assert refused.next_attempt_at > stack.clock.now, "retried at once, with no backoff"
    assert stack.dispatcher.tick() == 0, "retried before its backoff was over"

    stack.clock.advance(timedelta(minutes=1))
    assert stack.dispatcher.tick() == 1

    sent = stack.message(participant_id)
    [create] = stack.creates(phone)
    assert (sent.status, sent.attempts, sent.provider_ref) == ("sent", 2, create["sid"])
    assert create["body"] == sent.body


def test_a_timeout_is_reconciled_against_twilio_not_sent_twice(stack: Stack) -> None:
    phone = a_phone()
    participant_id = stack.owe_welcome(phone)
    stack.fault("timeout")

    assert stack.dispatcher.tick() == 0
    assert stack.message(participant_id).status == "unknown"
    assert len(stack.creates(phone)) == 1, "the proxy should have let the text through"

    assert stack.reconciler.tick() == 0, "asked Twilio before the text had settled"
    stack.clock.advance(SETTLE + timedelta(seconds=1))
    assert stack.reconciler.tick() == 1

    reconciled = stack.message(participant_id)
    [create] = stack.creates(phone)
    assert (reconciled.status, reconciled.provider_ref) == ("sent", create["sid"])
    assert stack.dispatcher.tick() == 0
    assert stack.reconciler.tick() == 0
    assert len(stack.creates(phone)) == 1, "sent twice"
    assert stack.event_types().count("MessageSent") == 1


def test_a_lost_request_is_found_missing_at_twilio_and_sent_once(stack: Stack) -> None:
    phone, neighbour = a_phone(), a_phone()
    participant_id = stack.owe_welcome(phone)
    stack.fault("lost")

    assert stack.dispatcher.tick() == 0
    lost = stack.message(participant_id)
    assert lost.status == "unknown"
    assert stack.creates(phone) == []
    # The same words to someone else went through: only texts to this number may count.
    TwilioSmsSender(stack.settings).send(neighbour, lost.body)

    stack.clock.advance(SETTLE + timedelta(seconds=1))
    assert stack.reconciler.tick() == 1
    assert stack.message(participant_id).status == "queued"
    assert stack.dispatcher.tick() == 1

    sent = stack.message(participant_id)
    [create] = stack.creates(phone)
    assert (sent.status, sent.provider_ref, create["body"]) == ("sent", create["sid"], sent.body)


def test_twilio_21610_marks_the_number_opted_out(stack: Stack) -> None:
    phone = a_phone()
    participant_id = stack.owe_welcome(phone)
    stack.fault("21610")

    assert stack.dispatcher.tick() == 0

    failed = stack.message(participant_id)
    assert failed.status == "failed"
    assert "21610" in (failed.error or "")
    with stack.uows() as uow:
        assert uow.suppressions.is_suppressed(phone)
    assert stack.event_types().count("SmsOptedOut") == 1
    assert stack.creates(phone) == []

    # Their next text is recorded as suppressed, never offered to Twilio.
    second = stack.owe_welcome(phone)
    stack.clock.advance(timedelta(minutes=1))
    assert stack.dispatcher.tick() == 0
    assert stack.message(second).status == "suppressed"
    assert stack.creates(phone) == []
