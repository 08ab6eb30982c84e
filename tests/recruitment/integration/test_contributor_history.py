"""A contributor's history for staff, on a real (SQLite) database and the real Kafka: Ann signs
up with the hospital and the hospice; scheduling, payments and notifications tell recruitment
(through the broker, recruitment's own consumer wiring) that she booked, came, was paid and got
two texts, one delivered and one not. Those events are made by the producing services' own
domain objects (notifications' Message through its Twilio callbacks) and their own outbox
mappers, as their relays would publish them. The hospital's coordinator opens her by name and
sees each line in time order, her note on how to contact her, and none of the hospice's lines;
the hospice's is the reverse; a stranger to both is not found. Erasure from the hospice empties
its lines, full erasure all. A new person's needs at sign-up and her invitations are lines too."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from services.notifications.adapters.unit_of_work import announce as notifications_announce
from services.notifications.domain.model import Message
from services.payments.adapters.unit_of_work import announce as payments_announce
from services.payments.domain.events import EntitlementCreated, PayoutSent
from services.recruitment.bootstrap import bootstrap as recruitment_bus
from services.recruitment.bootstrap import subscription, uow_factory
from services.recruitment.history.adapters import contact_notes, history_entries
from services.recruitment.invitations.commands import InviteWaves
from services.recruitment.invitations.service_layer.invitations import invite, release_due
from services.recruitment.participants.domain.model import Profile
from services.recruitment.rights.commands import ForgetMe
from services.recruitment.signups.commands import SignUpForActivity
from services.recruitment.signups.service_layer.signups import sign_up_for_activity
from services.scheduling.adapters.unit_of_work import announce as scheduling_announce
from services.scheduling.domain.events import AttendanceRecorded, BookingConfirmed
from shared.bus.consumer import ConsumerRunner
from shared.bus.kafka_clients import make_consumer, make_producer
from shared.bus.outbox import new_envelope
from shared.events.envelope import encode
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from shared.web import current_bus
from tests.recruitment.integration.test_erase_from_organisation import erase
from tests.recruitment.integration.test_leave_organisation import World, as_ann, csrf, make_world
from tests.support import committed_offset, produce, read_topic, running, wait_until

T0 = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)  # after she signed up
NOTE = "Call after 4pm.\nMy daughter helps me read texts."


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    return make_world(tmp_path, monkeypatch)


def coordinator(world: World, organisation_id: str) -> FlaskClient:
    client = world.app.test_client()
    with client.session_transaction() as session:
        session["staff"] = {
            "id": str(uuid.uuid4()),
            "name": "Cora",
            "roles": ["coordinator"],
            "organisation_id": organisation_id,
            "issued_at": datetime.now(UTC).isoformat(),
        }
    return client


def published(
    producer: str, announce: Callable[[object], Iterable[tuple[str, int, str, dict[str, Any]]]]
) -> Callable[..., list[bytes]]:
    """What a producing service's outbox would carry for these domain events: its own mapper
    (adapters' announce), then the envelope its unit of work stages (validated against the
    contract), encoded as its relay sends it."""

    def envelopes(*events: object) -> list[bytes]:
        return [
            encode(new_envelope(producer, kind, version, key, data))
            for event in events
            for kind, version, key, data in announce(event)
        ]

    return envelopes


from_scheduling = published("scheduling", scheduling_announce)
from_payments = published("payments", payments_announce)
from_notifications = published("notifications", notifications_announce)


def a_text(ann: str, activity_id: str, organisation_id: str, template: str, at: datetime):  # type: ignore[no-untyped-def]
    """Notifications' own Message, sent through Twilio (as far as the aggregate knows)."""
    message = Message(
        ann, str(uuid.uuid4()), template, "sms", "+447700900123", "", "Hi Ann, see you at 10am",
        "", at, activity_id=activity_id, organisation_id=organisation_id,
    )  # fmt: skip
    message.start_sending(at)
    message.sent("SM" + uuid.uuid4().hex, at)
    return message


def her_journey(world: World, activity_id: str, start: datetime, organisation_id: str) -> list:
    """Booked, a text that reached her, came, owed, paid, and a text that did not reach her:
    built by each service's own domain objects and published through its own mapper."""
    ann, booking, entitlement = world.ann, str(uuid.uuid4()), str(uuid.uuid4())
    session_id, slot_id = str(uuid.uuid4()), str(uuid.uuid4())
    session_at = start + timedelta(days=7)
    confirmed = a_text(ann, activity_id, organisation_id, "booking_confirmed", start)
    confirmed.delivery_update("sent", None, start + timedelta(seconds=20))
    confirmed.delivery_update("delivered", None, start + timedelta(seconds=30))  # the receipt
    reminder = a_text(ann, activity_id, organisation_id, "reminder", session_at - timedelta(days=1))
    reminder.delivery_update("undelivered", "30003", session_at - timedelta(hours=23))
    came = AttendanceRecorded(
        booking, ann, activity_id, session_id, slot_id, "attended", 90, 120, session_at,
        str(uuid.uuid4()), session_at + timedelta(hours=2),
    )  # fmt: skip
    owed = EntitlementCreated(
        entitlement, ann, activity_id, booking, 2500, session_at + timedelta(hours=3), session_at
    )
    paid = PayoutSent(
        str(uuid.uuid4()), entitlement, ann, 2500, "tr_" + uuid.uuid4().hex,
        session_at + timedelta(days=1),
    )  # fmt: skip
    booked = BookingConfirmed(
        booking, ann, activity_id, session_id, slot_id, "A title scheduling keeps", session_at,
        session_at + timedelta(hours=2), "in_person", "Central Library, Leeds", None, "sms",
    )  # fmt: skip
    # In the order each topic has them (keyed by the person, so in order within each).
    return [
        *from_scheduling(booked),
        *from_notifications(*confirmed.events),
        *from_notifications(*reminder.events),
        *from_scheduling(came),
        *from_payments(owed, paid),
    ]


def consume(world: World, bootstrap: str, topic: str, messages: list[bytes]) -> None:
    produce(bootstrap, topic, [(world.ann.encode(), m) for m in messages])
    uows = uow_factory(world.engine)
    sub = subscription(recruitment_bus(engine=world.engine, uow_factory=uows))
    sub.group, sub.topics = f"recruitment-test-{uuid.uuid4().hex[:8]}", [topic]
    runner = ConsumerRunner(
        sub,
        uows,
        consumer_factory=lambda: make_consumer(bootstrap, sub.group, [topic]),
        producer_factory=lambda: make_producer(bootstrap, "recruitment-test-dlq"),
    )
    with running(runner.run):
        wait_until(
            lambda: committed_offset(bootstrap, sub.group, topic) == len(messages),
            what="the history's events handled",
        )
    assert read_topic(bootstrap, f"{topic}.dlq", timeout=2) == []


def rows(page: str) -> list[str]:
    """The history table's rows, as text, in the page's order (cells joined by " | ", without
    the responsive table's hidden headings)."""
    body = page[page.index("<tbody") : page.index("</tbody>")]
    found = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        cells = [
            re.sub(r"<span class=\"nhsuk-table__heading\"[^>]*>.*?</span>", "", c, flags=re.S)
            for c in cells
        ]
        found.append(" | ".join(" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells))
    return found


def test_the_history_page_shows_each_fact_by_name_in_order_within_the_organisation(
    world: World, bootstrap: str, topic: str
) -> None:
    ann = as_ann(world)
    path = "/join/me/contact-note"
    saved = ann.post(path, data={"csrf_token": csrf(ann, path), "contact_note": NOTE})
    assert saved.status_code == 302
    ours = her_journey(world, world.ours, T0, FIRST_ORGANISATION_ID)
    theirs = her_journey(world, world.theirs, T0 + timedelta(hours=1), world.hospice)
    # A message about no organisation (a sign-in link) is nobody's history.
    signin = a_text(world.ann, None, None, "magic_link", T0)  # type: ignore[arg-type]
    consume(world, bootstrap, topic, [*ours, *theirs, *from_notifications(*signin.events)])

    page = coordinator(world, FIRST_ORGANISATION_ID).get(f"/join/manage/people/{world.ann}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert '<h1 class="nhsuk-heading-l">Ann</h1>' in text
    assert "<p>Call after 4pm.</p>" in text and "My daughter helps me read texts." in text
    lines = rows(text)
    whats = [line.split(" | ")[1] for line in lines]
    assert whats[:2] == ["Agreed to take part", "Signed up"] or whats[:2] == [
        "Signed up",
        "Agreed to take part",
    ]
    assert whats[2:] == [
        "Booked a place",
        "Message",
        "Message",
        "Attendance recorded",
        "Payment owed",
        "Paid",
    ]
    assert all("Clinic letters" in line for line in lines[2:])
    # "delivered" only on the carrier's receipt; "not delivered" when it failed for good.
    assert "text message, booking confirmed: delivered" in lines[3]
    assert "text message, reminder: not delivered" in lines[4]
    assert "Attended, 90 minutes" in lines[5]
    assert "£25.00" in lines[6] and "£25.00" in lines[7]
    assert "hospice garden" not in text  # the other organisation's lines are not here
    assert "see you at 10am" not in text and "+447700900123" not in text  # never the words
    assert world.ann not in text.replace(f"/join/manage/people/{world.ann}", "")

    hospice = coordinator(world, world.hospice).get(f"/join/manage/people/{world.ann}")
    hospice_text = hospice.get_data(as_text=True)
    assert "The hospice garden" in hospice_text and "Clinic letters" not in hospice_text
    assert len(rows(hospice_text)) == 8  # sign-up, consent, and her six facts there

    # The activity page names her, and her name leads here.
    activity = coordinator(world, FIRST_ORGANISATION_ID).get(
        f"/join/manage/activities/{world.ours}"
    )
    assert f'href="/join/manage/people/{world.ann}"' in activity.get_data(as_text=True)

    # Someone who never signed up with the organisation, or nobody at all: not found.
    other = coordinator(world, str(uuid.uuid4())).get(f"/join/manage/people/{world.ann}")
    assert other.status_code == 404
    unknown = coordinator(world, FIRST_ORGANISATION_ID).get(f"/join/manage/people/{uuid.uuid4()}")
    assert unknown.status_code == 404

    # Erasure from the hospice takes its lines; the hospital's stay.
    assert erase(as_ann(world), world, world.hospice).status_code == 302
    assert (
        coordinator(world, world.hospice).get(f"/join/manage/people/{world.ann}").status_code == 404
    )
    with world.engine.connect() as conn:
        kept = conn.execute(select(history_entries.c.organisation_id).distinct()).scalars().all()
    assert kept == [FIRST_ORGANISATION_ID]

    # Erasure everywhere empties it, note and all.
    current_bus(world.app).handle(ForgetMe(world.ann))
    with world.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(history_entries)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(contact_notes)).scalar() == 0
    gone = coordinator(world, FIRST_ORGANISATION_ID).get(f"/join/manage/people/{world.ann}")
    assert gone.status_code == 404


def test_needs_given_at_sign_up_and_invitations_sent_are_lines(world: World) -> None:
    bea = SignUpForActivity(
        "Bea", None, "bea@example.org", "email", "en", "v1",
        profile=Profile(support_needs=["step_free", "large_print"]), activity_id=world.ours,
    )  # fmt: skip
    bea_id = sign_up_for_activity(bea, world.uow()).participant_id
    now = datetime.now(UTC)
    invite(InviteWaves(world.ours, [bea_id], 10, 0, None), now, world.uow())
    assert release_due(now + timedelta(minutes=1), 10, world.uow()) == 1
    invite(InviteWaves(world.ours, [world.ann], 10, 0, None), now, world.uow())  # still waiting

    staff = coordinator(world, FIRST_ORGANISATION_ID)
    lines = rows(staff.get(f"/join/manage/people/{bea_id}").text)
    whats = [line.split(" | ")[1] for line in lines]
    assert "Invited to Clinic letters" in whats
    [needs] = [line for line in lines if "Told us the help they need" in line]
    assert needs.endswith("| Large print, Step-free access")
    welsh = staff.get(f"/join/manage/people/{bea_id}?lang=cy")
    assert "Gwahoddwyd i Clinic letters" in welsh.text

    # Ann gave no needs, and her invitation has not gone: neither is a line.
    ann = staff.get(f"/join/manage/people/{world.ann}").text
    assert "Told us the help they need" not in ann and "Invited to" not in ann
