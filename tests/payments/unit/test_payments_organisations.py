"""OrganisationChanged becomes NoteOrganisation at the consumer edge, and the handler table
keeps the latest change of each organisation: an older one (a replay of the compacted topic)
changes nothing, each organisation is kept apart, and the read model answers by id."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

from services.payments.bootstrap import bootstrap
from services.payments.config import load_settings as payments_settings
from services.payments.handlers import FROM_EVENTS
from services.payments.organisations.commands import NoteOrganisation
from shared.events.registry import load_data
from shared.organisations import SqlOrganisationReads
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.contract.test_event_samples import SAMPLES
from tests.payments.fakes import FakeConnect, FakeTransfers, FakeUnitOfWork

SAMPLE = json.loads((SAMPLES / "OrganisationChanged.v1.json").read_text())["data"]


def changed(**data: Any) -> NoteOrganisation:
    """The command the consumer builds from the event's data as the contract loads it."""
    command = FROM_EVENTS["OrganisationChanged"](
        load_data("OrganisationChanged", 1, {**SAMPLE, **data})
    )
    assert isinstance(command, NoteOrganisation)
    return command


def test_the_latest_change_is_kept_and_an_older_one_ignored() -> None:
    uow = FakeUnitOfWork()
    bus = bootstrap(uow_factory=lambda: uow, settings=payments_settings(),
                    transfers=FakeTransfers(), connect=FakeConnect())  # fmt: skip
    first = changed(organisation_id=FIRST_ORGANISATION_ID)
    later = first.organisation.changed_at + timedelta(minutes=5)
    bus.handle(first, uow)
    change = {"stripe_account": None, "finance_threshold_pence": 50000}
    bus.handle(
        changed(organisation_id=FIRST_ORGANISATION_ID, changed_at=later.isoformat(), **change), uow
    )
    bus.handle(first, uow)  # the compacted topic replayed: older than the one kept
    other = str(uuid.uuid4())
    bus.handle(changed(organisation_id=other, short_name="OTHER"), uow)

    reads = bus.dependencies["organisation_reads"]
    assert isinstance(reads, SqlOrganisationReads)
    kept = reads.get(FIRST_ORGANISATION_ID)
    assert kept is not None
    assert (kept.stripe_account, kept.finance_threshold_pence) == (None, 50000)
    assert kept.changed_at == later and kept.short_name == "WYICB"
    assert (reads.get(other) or kept).stripe_account == "acct_1WestYorks"
    assert reads.get(str(uuid.uuid4())) is None
