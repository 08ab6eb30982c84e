"""Contacts, notifications owed, and the life of one message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.notifications.domain.events import MessageDeliveryFailed, MessageSent
from services.notifications.domain.model import (
    CONTACT_WAIT,
    MAX_SEND_ATTEMPTS,
    Contact,
    Message,
    Notification,
)

NOW = datetime(2025, 3, 14, 10, 21, 7, tzinfo=UTC)
PARTICIPANT_ID = "c3a9e1f0-7b24-4d6e-8f15-92d04b6a7e31"


def a_contact(**overrides: Any) -> Contact:
    values: dict[str, Any] = {
        "participant_id": PARTICIPANT_ID,
        "preferred_name": "Morwenna",
        "phone": "+447911123456",
        "email": "morwenna.testfield@example.org",
        "preferred_channel": "sms",
        "language": "en",
    }
    return Contact(**{**values, **overrides})


def a_message(**overrides: Any) -> Message:
    values: dict[str, Any] = {
        "participant_id": PARTICIPANT_ID,
        "notification_id": "9e27c4b0-1d5f-4a8e-b3c6-70f2d8a1e945",
        "template": "welcome",
        "channel": "sms",
        "to": "+447911123456",
        "subject": "",
        "body": "Hi Morwenna, thanks for joining Chorus.",
        "html": "",
        "created_at": NOW,
    }
    return Message(**{**values, **overrides})


# -- Contact ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preferred", "phone", "email", "expected"),
    [
        ("sms", "+447911123456", "m@example.org", ["sms", "email"]),
        ("email", "+447911123456", "m@example.org", ["email", "sms"]),
        ("sms", "+447911123456", None, ["sms"]),
        ("email", None, "m@example.org", ["email"]),
        ("sms", None, "m@example.org", ["email"]),  # preferred channel not reachable
        ("email", "+447911123456", "", ["sms"]),
        ("sms", None, None, []),
    ],
)
def test_channels_puts_the_preferred_first_and_only_lists_reachable_ones(
    preferred: str, phone: str | None, email: str | None, expected: list[str]
) -> None:
    contact = a_contact(preferred_channel=preferred, phone=phone, email=email)
    assert contact.channels() == expected


def test_address_is_the_phone_for_sms_and_the_email_for_email() -> None:
    contact = a_contact()
    assert contact.address("sms") == "+447911123456"
    assert contact.address("email") == "morwenna.testfield@example.org"


def test_address_for_an_unreachable_channel_raises() -> None:
    with pytest.raises(ValueError, match=f"no sms address for {PARTICIPANT_ID}"):
        a_contact(phone=None).address("sms")


# -- Notification ----------------------------------------------------------------------------


def test_contact_wait_is_a_day() -> None:
    assert timedelta(hours=24) == CONTACT_WAIT


@pytest.mark.parametrize(
    ("age", "overdue"),
    [
        (timedelta(0), False),
        (timedelta(hours=23, minutes=59), False),
        (CONTACT_WAIT, False),
        (CONTACT_WAIT + timedelta(seconds=1), True),
        (timedelta(days=3), True),
    ],
)
def test_notification_is_overdue_only_after_the_contact_wait(age: timedelta, overdue: bool) -> None:
    notification = Notification(PARTICIPANT_ID, "welcome", "6f1c2b7e", created_at=NOW)
    assert notification.is_overdue(NOW + age) is overdue


def test_a_new_notification_is_pending_with_its_own_id() -> None:
    first = Notification(PARTICIPANT_ID, "welcome", "6f1c2b7e", created_at=NOW)
    second = Notification(PARTICIPANT_ID, "welcome", "6f1c2b7e", created_at=NOW)
    assert first.status == second.status == "pending"
    assert first.id != second.id


# -- Message ---------------------------------------------------------------------------------


def test_a_new_message_is_queued_and_due_at_once() -> None:
    message = a_message()
    assert (message.status, message.attempts, message.next_attempt_at) == ("queued", 0, NOW)
    assert (message.provider_ref, message.error, message.sent_at) == (None, None, None)
    assert message.events == []


def test_start_sending_marks_sending_and_counts_the_attempt() -> None:
    message = a_message()

    message.start_sending()
    assert (message.status, message.attempts) == ("sending", 1)

    message.start_sending()
    assert message.attempts == 2


def test_sent_records_the_provider_reference_and_raises_message_sent() -> None:
    message = a_message(channel="email", to="m@example.org")
    message.start_sending()
    later = NOW + timedelta(seconds=3)

    message.sent("SM0123456789abcdef0123456789abcdef", later)

    assert message.status == "sent"
    assert message.provider_ref == "SM0123456789abcdef0123456789abcdef"
    assert message.sent_at == later
    assert message.events == [
        MessageSent(message.id, PARTICIPANT_ID, "email", "welcome", "sent", sent_at=later),
    ]


def test_send_failed_requeues_with_a_growing_delay_then_gives_up() -> None:
    message = a_message()
    delays = []

    for attempt in range(1, MAX_SEND_ATTEMPTS):
        message.start_sending()
        message.send_failed(f"timeout {attempt}", NOW)
        assert message.status == "queued"
        assert message.attempts == attempt
        assert message.error == f"timeout {attempt}"
        assert message.events == []
        delays.append(message.next_attempt_at - NOW)

    # 2, 4, 8, 16 seconds, each plus up to half again of jitter
    for delay, base in zip(delays, (2, 4, 8, 16), strict=True):
        assert timedelta(seconds=base) <= delay <= timedelta(seconds=base * 1.5)

    message.start_sending()
    message.send_failed("HTTP 500 from Twilio", NOW)

    assert message.attempts == MAX_SEND_ATTEMPTS == 5
    assert message.status == "failed"
    assert message.error == "HTTP 500 from Twilio"
    assert message.next_attempt_at == NOW + delays[-1]  # not rescheduled
    assert message.events == [
        MessageSent(message.id, PARTICIPANT_ID, "sms", "welcome", "failed", sent_at=NOW),
        MessageDeliveryFailed(
            message.id,
            PARTICIPANT_ID,
            None,
            "sms",
            "welcome",
            "gave_up",
            None,
            message.events[1].failed_at,
        ),
    ]


def test_send_failed_keeps_only_the_start_of_a_long_error() -> None:
    message = a_message()
    message.start_sending()

    message.send_failed("x" * 5000, NOW)

    assert message.error == "x" * 2000


def test_interrupted_makes_the_message_unknown() -> None:
    message = a_message()
    message.start_sending()

    message.interrupted()

    assert message.status == "unknown"
    assert message.events == []


def test_redact_blanks_the_address_and_text_but_keeps_the_facts() -> None:
    message = a_message(
        channel="email",
        to="m@example.org",
        subject="Welcome to Chorus",
        body="Hi Morwenna",
        html="<p>Hi Morwenna</p>",
    )
    message.start_sending()
    message.sent("<abc@chorus.localhost>", NOW)

    message.redact()

    assert (message.to, message.subject, message.body, message.html) == ("", "", "", "")
    assert (message.status, message.channel, message.template) == ("sent", "email", "welcome")
    assert message.participant_id == PARTICIPANT_ID
