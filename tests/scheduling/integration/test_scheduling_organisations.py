"""Organisations reach scheduling through the real broker (a private topic, the service's own
subscription) into its migrated database: OrganisationChanged, keyed by organisation id, is
kept whole; a later change replaces it and a late, older one (the compacted topic replayed)
changes nothing; the read model answers by id."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from services.scheduling.bootstrap import bootstrap as build_bus
from services.scheduling.bootstrap import subscription
from services.scheduling.organisations.ports import OrganisationReads
from shared.organisations import organisations
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.scheduling.integration.test_scheduling_names import NamesStack
from tests.support import organisation_changed


@pytest.fixture
def stack(bootstrap: str, topic: str, tmp_path: Path) -> NamesStack:
    return NamesStack(bootstrap, topic, tmp_path)


def test_the_consumer_reads_the_organisation_topic() -> None:
    assert "recruitment.organisation" in subscription().topics


def test_organisations_follow_the_latest_change(stack: NamesStack) -> None:
    first, other = FIRST_ORGANISATION_ID, str(uuid.uuid4())
    messages = [
        organisation_changed(first, "2026-12-03T10:00:00+00:00", name="Chorus"),
        organisation_changed(other, "2026-12-03T10:01:00+00:00", short_name="OTHER"),
        organisation_changed(first, "2026-12-03T11:00:00+00:00", sms_sender=None),
        organisation_changed(first, "2026-12-03T09:00:00+00:00", name="Old"),  # late and older
    ]
    stack.deliver_keyed(*[(key.decode(), value) for key, value in messages])
    with stack.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(organisations)).scalar_one() == 2

    reads: OrganisationReads = build_bus(engine=stack.engine).dependencies["organisation_reads"]
    kept = reads.get(first)
    assert kept is not None
    assert kept.name == "West Yorkshire Integrated Care Board"  # the sample's, not "Old"
    assert kept.sms_sender is None and kept.stripe_account == "acct_1WestYorks"
    assert kept.changed_at == datetime(2026, 12, 3, 11, 0, tzinfo=UTC)
    assert kept.finance_threshold_pence == 25000 and kept.welsh_name is None
    assert (reads.get(other) or kept).short_name == "OTHER"
    assert reads.get(str(uuid.uuid4())) is None
