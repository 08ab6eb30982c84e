"""The reconciler settles texts whose outcome is unknown by Twilio's own message list.

In-memory fakes stand in for the database and for Twilio's list.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Self

import pytest

from services.notifications.domain.events import MessageSent
from services.notifications.domain.model import Message
from services.notifications.service_layer.ports import (
    MessageRepository,
    SentMessages,
    UnitOfWork,
)
from services.notifications.service_layer.reconcile import CLOCK_SKEW, SETTLE, Reconciler

NOW = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
PHONE = "+447911123456"


class FakeMessages(MessageRepository):
    def __init__(self, messages: dict[str, Message]) -> None:
        self.messages = messages

    def get(self, message_id: str) -> Message | None:
        return self.messages.get(message_id)

    def unknown_sms(self, claimed_before: datetime, limit: int) -> list[Message]:
        found = [
            m
            for m in self.messages.values()
            if m.channel == "sms"
            and m.status == "unknown"
            and m.claimed_at is not None
            and m.claimed_at <= claimed_before
        ]
        return sorted(found, key=lambda m: m.claimed_at or NOW)[:limit]


class FakeUnitOfWork(UnitOfWork):
    def __init__(self, messages: dict[str, Message], published: list[object]) -> None:
        self.messages = FakeMessages(messages)
        self.published = published

    def __enter__(self) -> Self:
        self.events: list[object] = []
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def commit(self) -> None:
        for message in self.messages.messages.values():
            self.published.extend(message.events)
            message.events = []


class FakeTwilioList(SentMessages):
    """Twilio's list: the texts it has, by (to, body); or down, when `fails` is set."""

    def __init__(self, has: dict[tuple[str, str], str] | None = None) -> None:
        self.has = has or {}
        self.fails: Exception | None = None
        self.asked: list[tuple[str, str, datetime]] = []
        self.while_asked: Callable[[], None] = lambda: None

    def find(self, to: str, body: str, since: datetime) -> str | None:
        self.asked.append((to, body, since))
        self.while_asked()
        if self.fails is not None:
            raise self.fails
        return self.has.get((to, body))


class World:
    def __init__(self) -> None:
        self.messages: dict[str, Message] = {}
        self.published: list[object] = []
        self.twilio = FakeTwilioList()
        self.now = NOW
        self.reconciler = Reconciler(
            lambda: FakeUnitOfWork(self.messages, self.published),
            self.twilio,
            clock=lambda: self.now,
        )

    def unknown(self, body: str = "Welcome", claimed_ago: timedelta = SETTLE) -> Message:
        message = Message("p1", "n1", "welcome", "sms", PHONE, "", body, "", NOW - claimed_ago)
        message.start_sending(NOW - claimed_ago)
        message.outcome_unknown("ReadTimeout")
        self.messages[message.id] = message
        return message


def test_a_text_twilio_has_is_marked_sent_with_its_sid() -> None:
    world = World()
    message = world.unknown()
    world.twilio.has[(PHONE, "Welcome")] = "SM123"

    assert world.reconciler.tick() == 1

    assert (message.status, message.provider_ref, message.sent_at) == ("sent", "SM123", NOW)
    assert world.twilio.asked == [(PHONE, "Welcome", NOW - SETTLE - CLOCK_SKEW)]
    assert [e.status for e in world.published if isinstance(e, MessageSent)] == ["sent"]


def test_a_text_twilio_never_got_is_queued_to_send_now() -> None:
    world = World()
    message = world.unknown()

    assert world.reconciler.tick() == 1

    assert (message.status, message.next_attempt_at, message.provider_ref) == ("queued", NOW, None)
    assert world.published == []


def test_twilio_is_not_asked_before_the_text_has_settled() -> None:
    world = World()
    message = world.unknown(claimed_ago=SETTLE - timedelta(seconds=1))

    assert world.reconciler.tick() == 0

    assert world.twilio.asked == []
    assert message.status == "unknown"


def test_when_twilio_cannot_be_asked_texts_stay_unknown_until_it_can() -> None:
    world = World()
    first = world.unknown("First", claimed_ago=SETTLE + timedelta(seconds=2))
    second = world.unknown("Second")
    world.twilio.fails = ConnectionError("Twilio is down")

    assert world.reconciler.tick() == 0

    assert (first.status, second.status) == ("unknown", "unknown")
    assert len(world.twilio.asked) == 1, "kept asking a Twilio that does not answer"

    world.twilio.fails = None
    world.twilio.has[(PHONE, "First")] = "SM1"
    assert world.reconciler.tick() == 2
    assert (first.status, second.status) == ("sent", "queued")


def test_a_text_settled_while_twilio_was_asked_is_left_alone() -> None:
    world = World()
    message = world.unknown()
    world.twilio.has[(PHONE, "Welcome")] = "SM123"

    def settled_by_hand() -> None:
        message.status = "failed"

    world.twilio.while_asked = settled_by_hand

    assert world.reconciler.tick() == 0
    assert (message.status, message.provider_ref) == ("failed", None)


def test_only_unknown_texts_can_be_reconciled() -> None:
    world = World()
    message = world.unknown()
    message.reconciled_sent("SM1", NOW)
    with pytest.raises(ValueError, match="not unknown"):
        message.reconciled_sent("SM2", NOW)
    with pytest.raises(ValueError, match="not unknown"):
        message.reconciled_not_sent(NOW)
    assert (message.status, message.provider_ref) == ("sent", "SM1")
