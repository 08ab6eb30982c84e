"""OutcomePublished ("you said, we did") becomes one notification per contributor, with the
public page's address; the same outcome published again (a second event, not a redelivery,
which the inbox skips) tells no one twice."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime

from services.notifications.bootstrap import bootstrap, subscription
from services.notifications.config import load_settings
from shared.events.envelope import Envelope
from tests.notifications.fakes import FakeEmail, FakeSms, FakeUnitOfWork, Store

NOON = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
ANN, BEA = str(uuid.uuid4()), str(uuid.uuid4())
ACTIVITY, OUTCOME = str(uuid.uuid4()), str(uuid.uuid4())


def published(participant_ids: list[str]) -> tuple[Envelope, dict[str, object]]:
    data = {
        "outcome_id": uuid.UUID(OUTCOME),
        "activity_id": uuid.UUID(ACTIVITY),
        "activity_title": "Better hospital letters",
        "organisation_id": uuid.uuid4(),
        "outcome_title": "Letters now use bigger print",
        "status": "changed",
        "published_at": NOON,
        "page_path": f"/join/activities/{ACTIVITY}/outcomes",
        "participant_ids": [uuid.UUID(p) for p in participant_ids],
    }
    return Envelope("OutcomePublished", 1, "recruitment", ACTIVITY, data, "c"), data


def test_each_contributor_is_owed_one_message_with_the_public_page() -> None:
    store = Store()
    settings = dataclasses.replace(load_settings(), public_base_url="https://chorus.test")
    bus = bootstrap(
        uow_factory=lambda: FakeUnitOfWork(store),
        clock=lambda: NOON,
        settings=settings,
        sms=FakeSms(store, "SM"),
        email=FakeEmail(store, "<msg"),
    )
    handle = subscription(bus).handlers["OutcomePublished"]
    envelope, data = published([ANN, BEA, ANN])
    handle(envelope, data, FakeUnitOfWork(store))
    owed = sorted(store.notifications.values(), key=lambda n: n.participant_id)
    assert sorted(n.participant_id for n in owed) == sorted([ANN, BEA])
    assert {n.template for n in owed} == {"outcome_published"}
    assert {n.activity_id for n in owed} == {ACTIVITY}
    page = f"https://chorus.test/join/activities/{ACTIVITY}/outcomes"
    assert {n.details["outcomes_url"] for n in owed} == {page}

    again, data_again = published([ANN, BEA])  # a new event id for the same outcome
    handle(again, data_again, FakeUnitOfWork(store))
    assert len(store.notifications) == 2
