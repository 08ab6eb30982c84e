"""A contributor's history for staff, on a real (SQLite) database and the real Kafka: Ann signs
up with the hospital and the hospice; scheduling, payments and notifications tell recruitment
(through the broker, recruitment's own consumer wiring) that she booked, came, was paid and got
a message. The hospital's coordinator opens her by name and sees each line in time order, her
note on how to contact her, and none of the hospice's lines; the hospice's is the reverse; a
stranger to both is not found. Erasure from the hospice empties its lines, full erasure all."""

from __future__ import annotations

import dataclasses
import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from services.recruitment.bootstrap import bootstrap as recruitment_bus
from services.recruitment.bootstrap import subscription, uow_factory
from services.recruitment.history.adapters import contact_notes, history_entries
from services.recruitment.rights.commands import ForgetMe
from shared.bus.consumer import ConsumerRunner
from shared.bus.kafka_clients import make_consumer, make_producer
from shared.events.envelope import decode, encode
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from shared.web import current_bus
from tests.contract.test_event_samples import SAMPLES
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


def event(kind: str, at: datetime, **data: Any) -> bytes:
    """The producer's sample with this person's ids and times (the contract's own shape)."""
    sample = decode((SAMPLES / f"{kind}.v1.json").read_bytes())
    return encode(
        dataclasses.replace(
            sample, id=str(uuid.uuid4()), occurred_at=at, data={**sample.data, **data}
        )
    )


def her_journey(world: World, activity_id: str, start: datetime, organisation_id: str) -> list:
    """Booked, came, owed, approved, paid, and a message: what the other services publish."""
    ann, booking, entitlement = world.ann, str(uuid.uuid4()), str(uuid.uuid4())
    session_at = start + timedelta(days=7)
    common = {"participant_id": ann}
    return [
        event(
            "BookingConfirmed",
            start,
            **common,
            activity_id=activity_id,
            booking_id=booking,
            starts_at=session_at.isoformat(),
            moved_from_booking_id=None,
            booked_via="sms",
        ),
        event(
            "MessageSent",
            start + timedelta(minutes=1),
            **common,
            message_id=str(uuid.uuid4()),
            activity_id=activity_id,
            organisation_id=organisation_id,
            channel="sms",
            template="booking_confirmed",
            status="sent",
            sent_at=(start + timedelta(minutes=1)).isoformat(),
        ),
        event(
            "AttendanceRecorded",
            session_at + timedelta(hours=2),
            **common,
            activity_id=activity_id,
            booking_id=booking,
            outcome="attended",
            minutes_attended=90,
            session_starts_at=session_at.isoformat(),
            recorded_at=(session_at + timedelta(hours=2)).isoformat(),
        ),
        event(
            "EntitlementCreated",
            session_at + timedelta(hours=3),
            **common,
            activity_id=activity_id,
            booking_id=booking,
            entitlement_id=entitlement,
            amount_pence=2500,
            created_at=(session_at + timedelta(hours=3)).isoformat(),
        ),
        event(
            "PayoutSent",
            session_at + timedelta(days=1),
            **common,
            entitlement_id=entitlement,
            amount_pence=2500,
            sent_at=(session_at + timedelta(days=1)).isoformat(),
        ),
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
    signin = event(
        "MessageSent",
        T0,
        participant_id=world.ann,
        message_id=str(uuid.uuid4()),
        activity_id=None,
        organisation_id=None,
        template="magic_link",
    )
    consume(world, bootstrap, topic, [*ours, *theirs, signin])

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
        "Attendance recorded",
        "Payment owed",
        "Paid",
    ]
    assert all("Clinic letters" in line for line in lines[2:])
    assert "text message, booking confirmed: sent" in lines[3]
    assert "Attended, 90 minutes" in lines[4]
    assert "£25.00" in lines[5] and "£25.00" in lines[6]
    assert "hospice garden" not in text  # the other organisation's lines are not here
    assert world.ann not in text.replace(f"/join/manage/people/{world.ann}", "")

    hospice = coordinator(world, world.hospice).get(f"/join/manage/people/{world.ann}")
    hospice_text = hospice.get_data(as_text=True)
    assert "The hospice garden" in hospice_text and "Clinic letters" not in hospice_text
    assert len(rows(hospice_text)) == 7  # sign-up, consent, and her five facts there

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
