"""Organisations reach payments through the real broker (a private topic, payments' own
consumer) into its migrated database: OrganisationChanged, keyed by organisation id, is kept
whole; a later change replaces it and a late, older one (the compacted topic replayed) changes
nothing; the read model answers by id."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from services.payments.bootstrap import bootstrap as build_bus
from services.payments.bootstrap import subscription, uow_factory
from services.payments.config import load_settings as payments_settings
from services.payments.ports import OrganisationReads
from shared.organisations import organisations
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.payments.integration.test_payments_offers import consume
from tests.support import migrated_engine, organisation_changed


def test_the_consumer_reads_the_organisation_topic() -> None:
    assert "recruitment.organisation" in subscription().topics


def test_organisations_follow_the_latest_change(bootstrap: str, topic: str, tmp_path: Path) -> None:
    engine = migrated_engine("payments", tmp_path)
    first, other = FIRST_ORGANISATION_ID, str(uuid.uuid4())
    consume(bootstrap, topic, engine, [
        organisation_changed(first, "2026-12-03T10:00:00+00:00", stripe_account=None),
        organisation_changed(other, "2026-12-03T10:01:00+00:00", short_name="OTHER"),
        organisation_changed(first, "2026-12-03T11:00:00+00:00", finance_threshold_pence=50000),
        organisation_changed(first, "2026-12-03T09:00:00+00:00", name="Old"),  # late and older
    ])  # fmt: skip
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(organisations)).scalar_one() == 2

    bus = build_bus(uow_factory=uow_factory(engine), settings=payments_settings())
    reads: OrganisationReads = bus.dependencies["organisation_reads"]
    kept = reads.get(first)
    assert kept is not None
    assert (kept.stripe_account, kept.finance_threshold_pence) == ("acct_1WestYorks", 50000)
    assert kept.name == "West Yorkshire Integrated Care Board"  # not the late "Old"
    assert kept.changed_at == datetime(2026, 12, 3, 11, 0, tzinfo=UTC)
    assert (reads.get(other) or kept).short_name == "OTHER"
    assert reads.get(str(uuid.uuid4())) is None
