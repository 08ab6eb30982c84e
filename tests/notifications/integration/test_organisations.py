"""Organisations reach notifications through the real broker (a private topic, notifications'
own subscription) into its migrated database: OrganisationChanged, keyed by organisation id,
is kept whole; a later change replaces it and a late, older one (the compacted topic replayed)
changes nothing; the read model answers by id."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from services.notifications.bootstrap import bootstrap as build_bus
from services.notifications.bootstrap import subscription, uow_factory
from services.notifications.config import load_settings
from services.notifications.ports import OrganisationReads
from shared.bus.consumer import ConsumerRunner
from shared.bus.kafka_clients import make_consumer, make_producer
from shared.organisations import organisations
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.support import (
    committed_offset,
    migrated_engine,
    organisation_changed,
    produce,
    read_topic,
    running,
    wait_until,
)


def test_the_consumer_reads_the_organisation_topic() -> None:
    assert "recruitment.organisation" in subscription().topics


def test_organisations_follow_the_latest_change(bootstrap: str, topic: str, tmp_path: Path) -> None:
    engine = migrated_engine("notifications", tmp_path)
    first, other = FIRST_ORGANISATION_ID, str(uuid.uuid4())
    messages = [
        organisation_changed(first, "2026-12-03T10:00:00+00:00", email_from_name="Chorus"),
        organisation_changed(other, "2026-12-03T10:01:00+00:00", short_name="OTHER"),
        organisation_changed(first, "2026-12-03T11:00:00+00:00", sms_sender=None),
        organisation_changed(first, "2026-12-03T09:00:00+00:00", name="Old"),  # late and older
    ]
    produce(bootstrap, topic, messages)
    bus = build_bus(uow_factory=uow_factory(engine), settings=load_settings())
    sub = subscription(bus)
    sub.group, sub.topics = f"notifications-test-{uuid.uuid4().hex[:8]}", [topic]
    runner = ConsumerRunner(
        sub,
        uow_factory(engine),
        consumer_factory=lambda: make_consumer(bootstrap, sub.group, [topic]),
        producer_factory=lambda: make_producer(bootstrap, "notifications-test-dlq"),
    )
    with running(runner.run):
        wait_until(
            lambda: committed_offset(bootstrap, sub.group, topic) == len(messages),
            what="every event handled",
        )
    assert read_topic(bootstrap, f"{topic}.dlq", timeout=1) == []
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(organisations)).scalar_one() == 2

    reads: OrganisationReads = bus.dependencies["organisation_reads"]
    kept = reads.get(first)
    assert kept is not None
    assert kept.sms_sender is None and kept.name == "West Yorkshire Integrated Care Board"
    assert kept.email_from_name == "West Yorkshire ICB involvement team"  # the sample's again
    assert kept.changed_at == datetime(2026, 12, 3, 11, 0, tzinfo=UTC)
    assert (reads.get(other) or kept).short_name == "OTHER"
    assert reads.get(str(uuid.uuid4())) is None
