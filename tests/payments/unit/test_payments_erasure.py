"""Erasure from one organisation with in-memory fakes: that organisation's unpaid claims are
withdrawn and their receipts removed, its paid ones kept, another organisation's untouched, and
what is the person's own (name, Stripe account) stays; a redelivery does nothing more."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from services.payments import handlers
from services.payments.domain.events import Decision, LedgerEntry
from services.payments.entitlements.domain.model import Entitlement
from services.payments.people.commands import ForgetInOrganisation
from services.payments.people.service_layer import erasure
from shared.events.contracts.recruitment import ErasureFromOrganisationRequestedV1
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.contract.test_event_samples import SAMPLES
from tests.payments.fakes import FakeUnitOfWork

HOSPICE = str(uuid.uuid4())
PERSON = str(uuid.uuid4())
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


class FakeReceiptFiles(erasure.ReceiptFiles):
    def __init__(self) -> None:
        self.removed: list[str] = []

    def remove(self, sha256: str) -> None:
        self.removed.append(sha256)


def claim(uow: FakeUnitOfWork, organisation_id: str, status: str) -> Entitlement:
    activity = str(uuid.uuid4())
    uow.directory.activity(activity, "A study", "open", NOW, organisation_id)
    entitlement = Entitlement.adjustment(PERSON, activity, 2500, "fee", "cora", NOW)
    entitlement.status = status
    entitlement.events.clear()  # its creation's, announced long ago
    uow.entitlements.add(entitlement)
    uow.erasures.receipts[entitlement.id] = [f"sha-{entitlement.id}"]
    return entitlement


def test_the_event_becomes_the_command() -> None:
    envelope = json.loads((SAMPLES / "ErasureFromOrganisationRequested.v1.json").read_text())
    data = ErasureFromOrganisationRequestedV1().load(envelope["data"])
    cmd = handlers.FROM_EVENTS["ErasureFromOrganisationRequested"](data)
    assert cmd == ForgetInOrganisation(
        envelope["data"]["participant_id"], envelope["data"]["organisation_id"],
        data["requested_at"],
    )  # fmt: skip
    assert handlers.COMMAND_HANDLERS[ForgetInOrganisation] is erasure.forget_in_organisation


def test_erasure_from_one_organisation_forgets_only_its_claims() -> None:
    uow, files = FakeUnitOfWork(), FakeReceiptFiles()
    unpaid = claim(uow, FIRST_ORGANISATION_ID, "approved")
    paid = claim(uow, FIRST_ORGANISATION_ID, "paid")
    elsewhere = claim(uow, HOSPICE, "pending")
    uow.payouts.wait(unpaid.id, PERSON, "cora", NOW)
    uow.directory.participant(PERSON, "Sam")
    uow.accounts[PERSON] = "acct_1"
    cmd = ForgetInOrganisation(PERSON, FIRST_ORGANISATION_ID, NOW)

    erasure.forget_in_organisation(cmd, uow, files, clock=lambda: NOW)

    assert (unpaid.status, paid.status, elsewhere.status) == ("withdrawn", "paid", "pending")
    assert [type(e) for e in unpaid.events] == [Decision, LedgerEntry]
    assert paid.events == [] and elsewhere.events == []
    assert files.removed == [f"sha-{unpaid.id}"]  # the paid claim's receipt is a record
    assert set(uow.erasures.receipts) == {paid.id, elsewhere.id}
    assert uow.payouts.waits == {}
    assert uow.erasures.notes_blanked == [(PERSON, FIRST_ORGANISATION_ID)]
    # The person's own: the other organisations still pay them.
    assert uow.erasures.links_forgotten == [] and not uow.erasures.done(PERSON)
    assert uow.directory.people == {PERSON: "Sam"} and uow.accounts[PERSON] == "acct_1"
    assert uow.erasures.done_in(PERSON, FIRST_ORGANISATION_ID)
    assert not uow.erasures.done_in(PERSON, HOSPICE)

    erasure.forget_in_organisation(cmd, uow, files, clock=lambda: NOW)  # redelivered
    assert files.removed == [f"sha-{unpaid.id}"] and len(unpaid.events) == 2
    assert uow.erasures.notes_blanked == [(PERSON, FIRST_ORGANISATION_ID)]


def test_after_erasure_everywhere_it_does_nothing() -> None:
    uow, files = FakeUnitOfWork(), FakeReceiptFiles()
    unpaid = claim(uow, HOSPICE, "pending")
    uow.erasures.add(PERSON)
    erasure.forget_in_organisation(ForgetInOrganisation(PERSON, HOSPICE, NOW), uow, files)
    assert unpaid.status == "pending" and files.removed == []
    assert uow.erasures.in_organisations == set()
