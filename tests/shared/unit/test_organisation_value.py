"""The Organisation every service but recruitment keeps (shared/vocabulary/organisations.py):
built from OrganisationChanged's data as the contract loads it, and the newer-or-equal change
replaces the one kept."""

from __future__ import annotations

import json
from datetime import timedelta

from shared.events.registry import load_data
from shared.vocabulary.organisations import Organisation
from tests.contract.test_event_samples import SAMPLES

SAMPLE = json.loads((SAMPLES / "OrganisationChanged.v1.json").read_text())["data"]


def test_it_is_built_from_the_event_with_a_string_id() -> None:
    organisation = Organisation.from_event(load_data("OrganisationChanged", 1, SAMPLE))
    assert organisation.organisation_id == SAMPLE["organisation_id"]
    assert isinstance(organisation.organisation_id, str)
    assert organisation.short_name == "WYICB" and organisation.finance_threshold_pence == 25000


def test_a_newer_or_equal_change_replaces_and_an_older_one_does_not() -> None:
    kept = Organisation.from_event(load_data("OrganisationChanged", 1, SAMPLE))
    older = Organisation.from_event(
        load_data(
            "OrganisationChanged",
            1,
            {**SAMPLE, "changed_at": (kept.changed_at - timedelta(seconds=1)).isoformat()},
        )
    )
    assert kept.replaces(None) and kept.replaces(kept)
    assert not older.replaces(kept) and kept.replaces(older)
