"""Booking confirmations through the real stack: the event arrives on Kafka as scheduling would
publish it, the email carries a calendar invitation that icalendar reads back, large print
follows the person's support needs, and a number that texted STOP gets nothing until START."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from icalendar import Calendar

from shared.events.envelope import Envelope, encode
from shared.events.registry import dump_data
from tests.e2e.conftest import Stack
from tests.e2e.test_sms_simulator import text_chorus
from tests.e2e.test_thin_journey import unique_mobile
from tests.support import MAILPIT_API, produce, wait_until

STARTS = datetime(2026, 12, 2, 10, 30, tzinfo=UTC)  # a Wednesday, in GMT
SESSION = str(uuid.uuid4())


def publish(bootstrap: str, topic: str, type_: str, producer: str, data: dict[str, Any]) -> str:
    envelope = Envelope(
        type=type_,
        version=1,
        producer=producer,
        key=str(data["participant_id"]),
        data=dump_data(type_, 1, data),
        correlation_id=str(uuid.uuid4()),
    )
    produce(bootstrap, topic, [(envelope.key.encode(), encode(envelope))])
    return envelope.id


def contact(bootstrap: str, pid: str, **details: Any) -> None:
    data = {
        "participant_id": pid,
        "preferred_name": "Dee",
        "phone": None,
        "email": None,
        "preferred_channel": "email",
        "language": "en",
        "support_needs": [],
        **details,
    }
    publish(bootstrap, "recruitment.contact", "ContactDetailsChanged", "recruitment", data)


def booking_confirmed(bootstrap: str, pid: str, activity_id: str, **session: Any) -> str:
    booking_id = str(uuid.uuid4())
    data = {
        "booking_id": booking_id,
        "participant_id": pid,
        "activity_id": activity_id,
        "session_id": SESSION,
        "slot_id": str(uuid.uuid4()),
        "activity_title": "Making GP appointments easier",
        "starts_at": STARTS,
        "ends_at": STARTS + timedelta(minutes=90),
        "format": "in_person",
        "location": "Central Library, Calverley Street, Leeds LS1 3AB",
        "joining_url": None,
        **session,
    }
    publish(bootstrap, "scheduling.booking", "BookingConfirmed", "scheduling", data)
    return booking_id


def outbox(stack: Stack, address: str) -> list[dict]:
    return requests.get(
        f"{stack.urls['notifications']}/api/notifications/outbox",
        params={"to": address},
        timeout=5,
    ).json()


def test_the_confirmation_email_holds_an_ics_invitation_in_large_print(
    stack: Stack, bootstrap: str
) -> None:
    pid, activity = str(uuid.uuid4()), str(uuid.uuid4())
    email = f"booking-{pid[:8]}@example.com"
    contact(bootstrap, pid, email=email, support_needs=["large_print", "step_free"])
    booking_id = booking_confirmed(bootstrap, pid, activity)

    def mail(subject: str = "") -> list[dict]:
        """Mail to the address, newest first. Another consumer on the shared broker (the
        browser stack's, a `make run`) may send its own copy, so tests look for one by subject
        and count only this stack's own log."""
        query = {"query": f'to:"{email}"'}
        found = requests.get(f"{MAILPIT_API}/search", params=query, timeout=5).json()["messages"]
        return [m for m in found if m["Subject"].startswith(subject)]

    found = wait_until(
        lambda: mail("You are booked"), timeout=60, what="the confirmation in Mailpit"
    )[0]
    message = requests.get(f"{MAILPIT_API}/message/{found['ID']}", timeout=5).json()
    assert message["Subject"] == (
        "You are booked: Making GP appointments easier, Wednesday 2 December, 10:30am"
    )
    assert "When: Wednesday 2 December, 10:30am to 12:00pm" in message["Text"]
    assert "font-size: 28px" in message["HTML"]  # large print, from their support needs

    [attachment] = message["Attachments"]
    assert attachment["FileName"] == "invite.ics"
    assert attachment["ContentType"].startswith("text/calendar")
    raw = requests.get(
        f"{MAILPIT_API}/message/{found['ID']}/part/{attachment['PartID']}", timeout=5
    ).content
    [event] = Calendar.from_ical(raw).walk("VEVENT")
    assert event.decoded("dtstart") == STARTS
    assert event.decoded("dtend") == STARTS + timedelta(minutes=90)
    assert str(event["summary"]) == "Making GP appointments easier"
    assert str(event["location"]).startswith("Central Library")
    # One calendar entry per person per session: a move updates it, a cancellation removes it.
    assert str(event["uid"]) == f"{SESSION}.{pid}@chorus"

    # The mail above may be another consumer's copy (the browser stack shares the broker), so
    # wait for this stack's own record of it.
    [logged] = wait_until(
        lambda: [m for m in outbox(stack, email) if m["status"] == "sent"],
        timeout=60,
        what="this stack's record of the confirmation",
    )
    assert logged["template"] == "booking_confirmed"

    # Cancelling takes it out of their calendar: the same UID, METHOD:CANCEL.
    publish(
        bootstrap,
        "scheduling.booking",
        "BookingCancelled",
        "scheduling",
        {
            "booking_id": booking_id,
            "participant_id": pid,
            "activity_id": activity,
            "session_id": SESSION,
            "slot_id": str(uuid.uuid4()),
            "starts_at": STARTS,
            "cancelled_at": datetime.now(UTC),
        },
    )
    mails = wait_until(
        lambda: mail("Your booking is cancelled"), timeout=60, what="the cancellation mail"
    )
    cancelled = requests.get(f"{MAILPIT_API}/message/{mails[0]['ID']}", timeout=5).json()
    assert cancelled["Subject"] == "Your booking is cancelled"
    part = cancelled["Attachments"][0]["PartID"]
    raw = requests.get(f"{MAILPIT_API}/message/{mails[0]['ID']}/part/{part}", timeout=5).content
    calendar = Calendar.from_ical(raw)
    [gone] = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "CANCEL" and str(gone["uid"]) == f"{SESSION}.{pid}@chorus"
    assert int(gone["sequence"]) >= int(event["sequence"])  # newer news than the invitation
    assert str(gone["status"]) == "CANCELLED"


def test_stop_then_a_booking_sends_nothing_until_start(stack: Stack, bootstrap: str) -> None:
    phone = unique_mobile()  # a random 079 number is in an unallocated range 1 time in 200
    national = "0" + phone[3:]
    pid, activity = str(uuid.uuid4()), str(uuid.uuid4())
    contact(bootstrap, pid, phone=phone, preferred_channel="sms")
    assert "You will not get any more texts from Chorus" in text_chorus(stack, national, "STOP")

    booking_confirmed(bootstrap, pid, activity)

    def settled() -> list[dict]:
        return [m for m in outbox(stack, phone) if m["status"] not in {"queued", "sending"}]

    [first] = wait_until(settled, timeout=60, what="the confirmation to be settled")
    assert first["status"] == "suppressed"  # recorded, never sent to Twilio
    assert first["provider_ref"] is None

    assert "You will get texts from Chorus again" in text_chorus(stack, national, "START")
    booking_confirmed(bootstrap, pid, activity)

    def sent() -> list[dict]:
        return [m for m in outbox(stack, phone) if m["status"] == "sent"]

    [second] = wait_until(sent, timeout=60, what="the next confirmation to be sent")
    assert second["template"] == "booking_confirmed" and second["provider_ref"].startswith("SM")
    assert second["body"].startswith("Chorus: you are booked for Wednesday 2 December, 10:30am")
    assert [m["status"] for m in outbox(stack, phone)] == ["suppressed", "sent"]


def test_booking_options_are_texted_even_to_someone_who_prefers_email(
    stack: Stack, bootstrap: str
) -> None:
    pid, activity = str(uuid.uuid4()), str(uuid.uuid4())
    phone, email = unique_mobile(), f"options-{pid[:8]}@example.com"
    contact(bootstrap, pid, phone=phone, email=email, preferred_channel="email")
    options = [
        {"choice": 1, "slot_id": str(uuid.uuid4()), "starts_at": STARTS, "format": "online"},
        {
            "choice": 2,
            "slot_id": str(uuid.uuid4()),
            "starts_at": STARTS + timedelta(days=1),
            "format": "in_person",
            "location": "Central Library, Calverley Street, Leeds LS1 3AB",
        },
    ]
    data = {
        "offer_id": str(uuid.uuid4()),
        "participant_id": pid,
        "activity_id": activity,
        "activity_title": "Making GP appointments easier",
        "options": options,
        "reason": "asked",
        "expires_at": STARTS,
    }
    publish(bootstrap, "scheduling.booking", "BookingOptionsOffered", "scheduling", data)

    def sent() -> list[dict]:
        return [m for m in outbox(stack, phone) if m["status"] == "sent"]

    [text] = wait_until(sent, timeout=60, what="the options to be texted")
    assert text["body"] == (
        'Chorus times for "Making GP appointments easier": reply 1 for Wed 2 Dec, 10:30am '
        "online, 2 for Thu 3 Dec, 10:30am at Central Library."
    )
    assert outbox(stack, email) == []
