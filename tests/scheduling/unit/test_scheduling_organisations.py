"""OrganisationChanged becomes KeepOrganisation at the consumer edge, and the handler table
keeps the latest change of each organisation: an older one (a replay of the compacted topic)
changes nothing, and each organisation is kept apart."""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import timedelta
from typing import Any

from services.scheduling.bootstrap import bootstrap
from services.scheduling.handlers import FROM_EVENTS
from services.scheduling.organisations.commands import KeepOrganisation
from shared.events.registry import load_data
from shared.organisations import SqlOrganisationReads
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.contract.test_event_samples import SAMPLES
from tests.scheduling.fakes import FakeUnitOfWork
from tests.scheduling.unit.test_scheduling_group_size import plan, session

SAMPLE = json.loads((SAMPLES / "OrganisationChanged.v1.json").read_text())["data"]


def changed(**data: Any) -> KeepOrganisation:
    """The command the consumer builds from the event's data as the contract loads it."""
    command = FROM_EVENTS["OrganisationChanged"](
        load_data("OrganisationChanged", 1, {**SAMPLE, **data})
    )
    assert isinstance(command, KeepOrganisation)
    return command


def test_the_latest_change_is_kept_and_an_older_one_ignored() -> None:
    uow, bus = FakeUnitOfWork(session(plan())), bootstrap()
    first = changed(organisation_id=FIRST_ORGANISATION_ID)
    later = first.organisation.changed_at + timedelta(minutes=5)
    bus.handle(first, uow)
    bus.handle(changed(organisation_id=FIRST_ORGANISATION_ID, name="Leeds ICB",
                       sms_sender=None, changed_at=later.isoformat()), uow)  # fmt: skip
    bus.handle(first, uow)  # the compacted topic replayed: older than the one kept

    kept = uow.organisations.get(FIRST_ORGANISATION_ID)
    assert kept is not None
    assert (kept.name, kept.sms_sender, kept.changed_at) == ("Leeds ICB", None, later)
    assert kept.stripe_account == "acct_1WestYorks" and kept.finance_threshold_pence == 25000


def test_each_organisation_is_kept_apart_and_read_by_id() -> None:
    uow, bus, other = FakeUnitOfWork(session(plan())), bootstrap(), str(uuid.uuid4())
    bus.handle(changed(organisation_id=FIRST_ORGANISATION_ID), uow)
    bus.handle(changed(organisation_id=other, short_name="OTHER"), uow)

    reads = SqlOrganisationReads(lambda: uow)  # the read model over any unit of work
    first, second = reads.get(FIRST_ORGANISATION_ID), reads.get(other)
    assert first is not None and second is not None
    assert (first.short_name, second.short_name) == ("WYICB", "OTHER")
    assert dataclasses.asdict(first) == {**dataclasses.asdict(second),
        "organisation_id": FIRST_ORGANISATION_ID, "short_name": "WYICB"}  # fmt: skip
    assert reads.get(str(uuid.uuid4())) is None
