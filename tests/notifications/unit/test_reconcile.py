"""The reconciler settles texts whose outcome is unknown by Twilio's own message list.

In-memory fakes stand in for the database and for Twilio's list.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.notifications.domain.events import MessageSent
from services.notifications.domain.model import Message
from services.notifications.reconcile.service_layer import CLOCK_SKEW, SETTLE, Reconciler
from tests.notifications.fakes import FakeTwilioList, FakeUnitOfWorkWithAggregates, Store

NOW = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
PHONE = "+447911123456"


class World:
    def __init__(self) -> None:
        self.store = Store()
        self.messages = self.store.messages
        self.published = self.store.published
        self.twilio = FakeTwilioList()
        self.now = NOW
        self.reconciler = Reconciler(
            lambda: FakeUnitOfWorkWithAggregates(self.store),
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
