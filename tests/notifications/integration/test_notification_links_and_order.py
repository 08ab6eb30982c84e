"""Through the real broker and Mailpit: every email that asks for an action carries a link,
minted for that message, that recruitment accepts and that lands on exactly that page; and a
sign-up's welcome reaches the person before an invitation that overtook it on the broker."""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import Engine, select

from services.notifications.adapters.orm import messages
from services.notifications.bootstrap import wire_consumer
from services.notifications.config import load_settings
from services.notifications.dispatch.domain.quiet_hours import LONDON
from shared.bus.consumer import ConsumerRunner
from shared.bus.kafka_clients import make_consumer, make_producer
from shared.config import Secret
from shared.events.envelope import decode, encode
from shared.magic_links import read_token, safe_landing
from tests.support import (
    MAILPIT_API,
    committed_offset,
    mailpit_received,
    migrated_engine,
    produce,
    running,
    signed_up_event,
    wait_until,
)

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "events" / "samples"
SECRET = "links-and-order-test-secret-0123456789"
BASE = "http://chorus.test"


@dataclass
class Stack:
    bootstrap: str
    topic: str
    engine: Engine
    sent: int = 0  # events produced so far

    def publish(self, type_: str, pid: str, **data: Any) -> None:
        """A sample event of this type, made about participant `pid`."""
        sample = decode((SAMPLES / f"{type_}.v1.json").read_bytes())
        envelope = dataclasses.replace(
            sample, id=str(uuid.uuid4()), key=pid, data={**sample.data, **data}
        )
        self.send(envelope)

    def send(self, envelope: Any) -> None:
        produce(self.bootstrap, self.topic, [(envelope.key.encode(), encode(envelope))])
        self.sent += 1
        group, topic = "notifications-links-test", self.topic
        wait_until(lambda: committed_offset(self.bootstrap, group, topic) == self.sent)

    def contact_by_text(self, pid: str, phone: str) -> None:
        self.publish(
            "ContactDetailsChanged",
            pid,
            participant_id=pid,
            email=None,
            phone=phone,
            preferred_channel="sms",
            preferred_name="Morwenna",
            language="en",
            support_needs=[],
        )

    def contact(self, pid: str, email: str) -> None:
        self.publish(
            "ContactDetailsChanged",
            pid,
            participant_id=pid,
            email=email,
            phone=None,
            preferred_channel="email",
            preferred_name="Morwenna",
            language="en",
            support_needs=[],
        )


@pytest.fixture
def stack(bootstrap: str, topic: str, tmp_path: Path) -> Iterator[Stack]:
    """Notifications' consumer as its process wires it, on a private topic, sending email to
    Mailpit (texts stay in the development outbox: these people use email only)."""
    yield from consumer_stack(bootstrap, topic, tmp_path, "off")


@pytest.fixture
def night_stack(bootstrap: str, topic: str, tmp_path: Path) -> Iterator[Stack]:
    """The same, with quiet hours from an hour ago to an hour from now (UK time): it is night."""
    now = datetime.now(LONDON)
    hours = f"{now - timedelta(hours=1):%H:%M}-{now + timedelta(hours=1):%H:%M}"
    yield from consumer_stack(bootstrap, topic, tmp_path, hours)


def consumer_stack(bootstrap: str, topic: str, tmp_path: Path, quiet_hours: str) -> Iterator[Stack]:
    settings = dataclasses.replace(
        load_settings("notifications"),
        env="development",
        public_base_url=BASE,
        secret_key=Secret(SECRET),
        twilio_account_sid="",
        smtp_host="127.0.0.1",
        smtp_port=1025,
        sms_quiet_hours=quiet_hours,
    )
    engine = migrated_engine("notifications", tmp_path)
    wiring = wire_consumer(settings, engine)
    assert wiring.on_start is not None
    wiring.on_start()  # sending is the dispatcher's own thread, as in the consumer process
    sub = wiring.subscription
    sub.group, sub.topics = "notifications-links-test", [topic]
    runner = ConsumerRunner(
        sub,
        wiring.uow_factory,
        consumer_factory=lambda: make_consumer(bootstrap, sub.group, [topic]),
        producer_factory=lambda: make_producer(bootstrap, "notifications-links-test-dlq"),
        on_idle=wiring.on_idle,
    )
    try:
        with running(runner.run):
            yield Stack(bootstrap, topic, engine)
    finally:
        wiring.on_stop()  # type: ignore[misc]


def emails_to(address: str) -> list[dict[str, Any]]:
    """Every email to `address` in the order Mailpit received them, with its text and HTML."""
    found = requests.get(
        f"{MAILPIT_API}/search", params={"query": f'to:"{address}"'}, timeout=5
    ).json()["messages"]
    found.sort(key=mailpit_received)  # milliseconds (the Date header has seconds)
    return [requests.get(f"{MAILPIT_API}/message/{m['ID']}", timeout=5).json() for m in found]


def the_link(text: str, purpose: str) -> tuple[str, str]:
    """The message link's token and its next page, from a message's words."""
    found = re.search(rf"{BASE}/join/link/{purpose}/([\w.\-]+)\?next=(\S+?)[\s\"<]", text + " ")
    assert found, f"no {purpose} link in {text}"
    return found.group(1), found.group(2)


PID = "3f0c9a52-6b1e-4d27-8a94-7c2e5b1d0f68"  # the samples' participant
ACTIVITY = "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a"


def sample_value(type_: str, name: str) -> str:
    return str(decode((SAMPLES / f"{type_}.v1.json").read_bytes()).data[name])


ACTIONS = [
    ("ParticipantInvited", "book", f"/book/activities/{ACTIVITY}"),
    ("PlaceOffered", "book", "/book/holds/" + sample_value("PlaceOffered", "hold_id")),
    (
        "BookingConfirmed",
        "book",
        "/book/bookings/" + sample_value("BookingConfirmed", "booking_id"),
    ),
    ("ReminderDue", "book", "/book/bookings/" + sample_value("ReminderDue", "booking_id")),
    ("BookingCancelled", "book", "/book/activities/" + ACTIVITY),
    ("BookingRejected", "book", "/book/activities/" + ACTIVITY),
    ("PollInvited", "book", "/book/polls/" + sample_value("PollInvited", "poll_id")),
    # how a session went: the two-question form
    (
        "FeedbackRequested",
        "book",
        "/book/feedback/" + sample_value("FeedbackRequested", "request_id"),
    ),
    ("BankDetailsRequested", "pay", "/pay/bank"),
    ("BankPayoutRefused", "pay", "/pay/bank"),  # their bank sent it back: new details
    ("PayoutDestinationProposed", "pay", "/pay"),  # staff asked to change where they are paid
    ("ClaimApproved", "pay", "/pay"),
    ("PayoutFailed", "pay", "/pay"),
]


@pytest.mark.parametrize(("event", "purpose", "page"), ACTIONS)
def test_each_action_email_links_to_exactly_that_page(
    stack: Stack, event: str, purpose: str, page: str
) -> None:
    pid = str(uuid.uuid4())
    address = f"links-{uuid.uuid4().hex[:12]}@example.com"
    stack.contact(pid, address)
    stack.send(signed_up_event(pid, data={"preferred_channel": "email"}))
    [welcome] = wait_until(lambda: emails_to(address), timeout=30, what="the welcome")
    changes: dict[str, Any] = {"participant_id": pid}
    if event == "BookingCancelled":
        changes["cause"] = "participant"  # "moved" says nothing: the new booking's email does
    stack.publish(event, pid, **changes)

    def sent() -> list[dict[str, Any]]:
        return [found for found in emails_to(address) if found["ID"] != welcome["ID"]]

    [email] = wait_until(sent, timeout=30, what=f"the {event} email")
    for words in (email["Text"], email["HTML"]):
        token, next_page = the_link(words, purpose)
        claims = read_token(SECRET, purpose, token)  # what recruitment checks when it opens
        assert claims.is_message_link
        assert (claims.participant_id, claims.channel) == (pid, "email")
        assert next_page == page and safe_landing(purpose, next_page) == page
    assert "use your Chorus link" not in email["Text"]


def test_an_invitation_that_overtakes_the_sign_up_waits_for_the_welcome(stack: Stack) -> None:
    """The invitation sent at sign-up travels on recruitment.invitation and the sign-up on
    recruitment.participant, so it can be read first; the welcome still arrives first."""
    pid = str(uuid.uuid4())
    address = f"order-{uuid.uuid4().hex[:12]}@example.com"
    stack.contact(pid, address)
    stack.publish("ParticipantInvited", pid, participant_id=pid)
    # Several dispatch rounds pass: without the ordering the invitation would go now.
    with pytest.raises(AssertionError):
        wait_until(lambda: emails_to(address), timeout=3, what="an email")

    stack.send(signed_up_event(pid, data={"preferred_channel": "email"}))

    sent = wait_until(lambda: len(emails_to(address)) == 2 and emails_to(address), timeout=30)
    assert [m["Subject"] for m in sent] == [
        "Welcome to Chorus",
        "Would you like to help with Making GP appointments easier?",
    ]


def test_a_text_only_newcomer_gets_the_sign_up_confirmation_before_the_invitation(
    stack: Stack,
) -> None:
    """Signed up by text: the confirmation is recruitment's SignUpReplied, on yet another topic
    (recruitment.sms-dialogue), and the invitation waits for it even after ParticipantSignedUp."""
    pid, phone = str(uuid.uuid4()), f"+4474{uuid.uuid4().int % 10**8:08d}"
    stack.contact_by_text(pid, phone)
    stack.send(signed_up_event(pid, data={"sign_up_channel": "sms"}))
    stack.publish("ParticipantInvited", pid, participant_id=pid)

    def texts() -> list[tuple[str, str]]:
        query = (
            select(messages.c.template, messages.c.status)
            .where(messages.c.to == phone)
            .order_by(messages.c.sent_at)
        )
        with stack.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]

    with pytest.raises(AssertionError):  # several dispatch rounds: the invitation waits
        wait_until(texts, timeout=3, what="a text")

    reply = {"participant_id": pid, "from_number": phone, "dialogue_id": str(uuid.uuid4())}
    stack.publish("SignUpReplied", pid, **reply)

    def both_sent() -> list[tuple[str, str]] | None:
        # Sending has a thread of its own: a row may still be 'sending' (no sent_at) when seen.
        found = texts()
        return found if len(found) == 2 and all(s == "sent" for _, s in found) else None

    sent = wait_until(both_sent, timeout=30, what="two texts sent")
    assert sent == [("sms_sign_up", "sent"), ("invitation", "sent")]


def test_a_sign_in_link_asked_for_at_night_does_not_wait_behind_the_welcome_text(
    night_stack: Stack,
) -> None:
    """Signed up at night by the web, texts preferred: the welcome text waits for the morning,
    and the sign-in link they ask for by email a minute later still comes at once."""
    stack = night_stack
    pid, phone = str(uuid.uuid4()), f"+4474{uuid.uuid4().int % 10**8:08d}"
    address = f"night-{uuid.uuid4().hex[:12]}@example.com"
    stack.publish(
        "ContactDetailsChanged",
        pid,
        participant_id=pid,
        email=address,
        phone=phone,
        preferred_channel="sms",
        preferred_name="Morwenna",
        language="en",
        support_needs=[],
    )
    stack.send(signed_up_event(pid, data={"preferred_channel": "sms"}))

    def welcome_text() -> str | None:
        query = select(messages.c.status).where(
            messages.c.to == phone, messages.c.template == "welcome"
        )
        with stack.engine.connect() as conn:
            return conn.execute(query).scalar()

    assert wait_until(welcome_text, what="the welcome text") == "queued"  # the quiet hours

    stack.publish("MagicLinkIssued", pid, participant_id=pid, channel="email", purpose="me")

    def link_emails() -> list[dict[str, Any]]:
        return [m for m in emails_to(address) if m["Subject"] == "Your link to Chorus"]

    assert wait_until(link_emails, timeout=20, what="the sign-in link email")
    assert welcome_text() == "queued"


def test_a_booking_made_by_text_at_night_is_confirmed_before_the_welcome_text(
    night_stack: Stack,
) -> None:
    """Signed up at night by the web, texts preferred: the welcome text waits for the morning.
    They book by text at once, and the confirmation they wait for comes at once too."""
    stack = night_stack
    pid, phone = str(uuid.uuid4()), f"+4474{uuid.uuid4().int % 10**8:08d}"
    stack.contact_by_text(pid, phone)
    stack.send(signed_up_event(pid, data={"preferred_channel": "sms"}))

    def statuses() -> dict[str, str]:
        query = select(messages.c.template, messages.c.status).where(messages.c.to == phone)
        with stack.engine.connect() as conn:
            return {template: status for template, status in conn.execute(query)}

    assert wait_until(lambda: statuses().get("welcome"), what="the welcome text") == "queued"

    stack.publish("BookingConfirmed", pid, participant_id=pid, booked_via="sms")

    def confirmed() -> bool:
        return statuses().get("booking_confirmed") == "sent"

    assert wait_until(confirmed, timeout=20, what="the booking confirmation sent")
    assert statuses()["welcome"] == "queued"  # still waiting for the morning
