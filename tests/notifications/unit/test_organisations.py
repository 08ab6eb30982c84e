"""OrganisationChanged through notifications' subscription and handler table (fakes for the
ports): the latest change of each organisation is kept, an older one (a replay of the compacted
topic) changes nothing, each organisation is kept apart, and the read model answers by id."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from services.notifications.bootstrap import bootstrap, subscription
from services.notifications.config import load_settings
from shared.events.envelope import decode
from shared.events.registry import load_data
from shared.organisations import SqlOrganisationReads
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.contract.test_event_samples import SAMPLES
from tests.notifications.fakes import FakeEmail, FakeSms, FakeUnitOfWork, Store

SAMPLE = decode((SAMPLES / "OrganisationChanged.v1.json").read_bytes())


def test_the_latest_change_is_kept_and_an_older_one_ignored() -> None:
    store = Store()
    bus = bootstrap(uow_factory=lambda: FakeUnitOfWork(store), settings=load_settings(),
                    sms=FakeSms(store, "SM"), email=FakeEmail(store, "<msg"))  # fmt: skip
    hear = subscription(bus).handlers["OrganisationChanged"]

    def changed(**data: Any) -> None:
        loaded = load_data("OrganisationChanged", 1, {**SAMPLE.data, **data})
        with FakeUnitOfWork(store) as uow:
            hear(SAMPLE, loaded, uow)

    first, other = FIRST_ORGANISATION_ID, str(uuid.uuid4())
    changed(organisation_id=first)
    later = (store.organisations[first].changed_at + timedelta(minutes=5)).isoformat()
    changed(organisation_id=first, sms_sender=None, email_from_name="Leeds", changed_at=later)
    changed(organisation_id=first, email_from_name="Old")  # replayed: older than the one kept
    changed(organisation_id=other, short_name="OTHER")

    reads = bus.dependencies["organisation_reads"]
    assert isinstance(reads, SqlOrganisationReads)
    kept = reads.get(first)
    assert kept is not None and kept.changed_at.isoformat() == later
    assert (kept.sms_sender, kept.email_from_name) == (None, "Leeds")
    assert kept.email_from_address == "involvement@example.org" and kept.short_name == "WYICB"
    assert (reads.get(other) or kept).sms_sender == "+447700900456"
    assert reads.get(str(uuid.uuid4())) is None
