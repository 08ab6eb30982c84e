"""ErasureFromOrganisationRequested on the real broker and database: one person paid by two
organisations asks the first to forget them. The first's claims not yet paid are withdrawn and
their receipts (rows and files) removed, its paid claim and receipt kept as the law requires,
its claims' notes blanked; the second organisation's claims, and what is the person's own
(name, Stripe account, payment choice), are untouched. A redelivery, and a second request of
the same erasure, change nothing."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from services.payments.adapters.orm import (
    audit_log,
    entitlements,
    erased_participants,
    expense_claims,
    expense_lines,
    expense_receipts,
    ledger_entries,
    organisation_erasures,
    participant_names,
    payment_choices,
    stripe_accounts,
)
from services.payments.bootstrap import bootstrap as build_bus
from services.payments.bootstrap import uow_factory
from services.payments.config import load_settings as payments_settings
from services.payments.entitlements import service_layer as handlers
from services.payments.entitlements.entrypoints.consumed import attendance_recorded
from services.payments.entrypoints.app import create_app
from services.payments.expenses.adapters.receipts import ReceiptStore
from services.payments.expenses.commands import SubmitClaim
from services.payments.expenses.domain.policy import ExpenseLine
from services.payments.people import entrypoints as recruitment_events
from services.payments.people.commands import ForgetInOrganisation
from services.payments.people.service_layer import projections
from shared.bus.tables import inbox
from shared.config import Secret
from shared.events.envelope import decode, encode
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from shared.web import current_bus
from tests.contract.test_event_samples import SAMPLES
from tests.payments.consuming import payments_consumer
from tests.payments.integration.test_payments_erasure import rows, signed_in
from tests.stripe_recording_proxy import STRIPE_MOCK
from tests.support import (
    committed_offset,
    migrated_engine,
    migrated_postgres,
    produce,
    running,
    wait_until,
)
from tests.support import staff_client as staff

PERSON = str(uuid.uuid4())
HOSPICE = str(uuid.uuid4())  # the second organisation, which still pays them
PAID = b"\x89PNG\r\n\x1a\n" + b"\x01" * 200
UNPAID = b"%PDF-1.7\n" + b"\x02" * 200
THEIRS = b"%PDF-1.7\n" + b"\x03" * 200  # the hospice's claim's receipt


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def published(app: Flask, organisation_id: str) -> str:
    activity = str(uuid.uuid4())
    data = {"activity_id": activity, "title": "A study", "status": "open", "rate_pence": 2000,
            "rate_unit": "hour", "expenses_covered": True, "changed_at": datetime.now(UTC),
            "organisation_id": organisation_id}  # fmt: skip
    with current_bus(app).uow_factory() as uow:
        projections.activity_published(recruitment_events.activity_published(data), uow)
        uow.commit()
    return activity


def attended(app: Flask, activity: str) -> str:
    booking = str(uuid.uuid4())
    data = {"booking_id": booking, "participant_id": PERSON, "activity_id": activity,
            "outcome": "attended", "minutes_attended": 60, "session_minutes": 60}  # fmt: skip
    with current_bus(app).uow_factory() as uow:
        handlers.record_attendance(attendance_recorded(data), uow, payments_settings())
        uow.commit()
    return booking


def expenses(app: Flask, booking: str, receipt: bytes, note: str) -> str:
    claim = {"booking_id": booking, "lines": [
        {"category": "parking", "amount_pence": 450, "note": note}]}  # fmt: skip
    answer = signed_in(app, "participant", {"id": PERSON}).post(
        "/pay/expense-claims",
        data={"claim": json.dumps(claim), "receipts": [(io.BytesIO(receipt), "r", "image/png")]},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 201, answer.json
    return str(answer.json["entitlement_id"])


def sample(**data: object) -> bytes:
    envelope = decode((SAMPLES / "ErasureFromOrganisationRequested.v1.json").read_bytes())
    fresh = dataclasses.replace(envelope, id=str(uuid.uuid4()), data={**envelope.data, **data})
    return encode(fresh)


def everything(app: Flask) -> dict[str, Any]:
    """What the erasure could change, to compare before and after a redelivery."""
    o = organisation_erasures.c
    return {
        "statuses": dict(rows(app, select(entitlements.c.id, entitlements.c.status))),
        "ledger": len(rows(app, select(ledger_entries.c.id))),
        "audit": len(rows(app, select(audit_log.c.id))),
        "receipts": sorted(r.sha256 for r in rows(app, select(expense_receipts.c.sha256))),
        "notes": sorted(r.note for r in rows(app, select(expense_lines.c.note))),
        "erasures": rows(app, select(o.participant_id, o.organisation_id)),
    }


def test_erasure_from_one_organisation_forgets_its_claims_only(
    bootstrap: str, topic: str, tmp_path: Path
) -> None:
    engine = migrated_engine("payments", tmp_path)
    settings = dataclasses.replace(
        payments_settings(), stripe_api_key=Secret("sk_test_123"), stripe_api_base=STRIPE_MOCK
    )
    store = ReceiptStore(tmp_path / "receipts")
    app = create_app(settings, engine, receipts=store)
    app.config["WTF_CSRF_ENABLED"] = False
    ours, hospice = published(app, FIRST_ORGANISATION_ID), published(app, HOSPICE)
    with current_bus(app).uow_factory() as uow:
        projections.contact_changed(recruitment_events.contact_changed(
            {"participant_id": PERSON, "preferred_name": "Sam"}), uow)  # fmt: skip
        uow.commit()

    first, second, elsewhere = attended(app, ours), attended(app, ours), attended(app, hospice)
    with current_bus(app).uow_factory() as uow:
        fees = [uow.entitlements.by_booking(b).id for b in (first, second, elsewhere)]
    paid = expenses(app, first, PAID, "Car park by the clinic")  # paid: kept, with its receipt
    unpaid = expenses(app, second, UNPAID, "Taxi from my home")  # never paid: withdrawn
    theirs = expenses(app, elsewhere, THEIRS, "Bus to the hospice")  # the hospice's: untouched
    participant = signed_in(app, "participant", {"id": PERSON})
    assert participant.post("/pay/choice", data={"method": "bank"}).status_code == 302
    finance = staff(app, {"finance_approver"})
    finance.put(
        f"/api/payments/participants/{PERSON}/stripe-account", json={"account_id": "acct_1"}
    )
    staff(app, {"finance_approver"}).post(
        f"/api/payments/participants/{PERSON}/stripe-account/confirm"
    )
    staff(app, {"coordinator"}).post(f"/api/payments/entitlements/{paid}/approve")
    assert finance.post(f"/api/payments/entitlements/{paid}/payout").json["status"] == "sent"
    before = everything(app)

    erase = sample(participant_id=PERSON, organisation_id=FIRST_ORGANISATION_ID)
    again = sample(participant_id=PERSON, organisation_id=FIRST_ORGANISATION_ID)  # a new id
    key = PERSON.encode()
    produce(bootstrap, topic, [(key, erase), (key, erase)])
    runner, group = payments_consumer(bootstrap, engine, topic, receipts=store)
    with running(runner.run):
        wait_until(lambda: committed_offset(bootstrap, group, topic) == 2, what="handled")
        after = everything(app)
        produce(bootstrap, topic, [(key, again)])
        wait_until(lambda: committed_offset(bootstrap, group, topic) == 3, what="again")

    # The first organisation's unpaid fees and claim: withdrawn; its paid claim: kept.
    withdrawn = [fees[0], fees[1], unpaid]
    expected = {**before["statuses"], **dict.fromkeys(withdrawn, "withdrawn"), paid: "paying"}
    assert after["statuses"] == expected
    assert before["statuses"][fees[2]] == after["statuses"][fees[2]] == "pending"
    assert before["statuses"][theirs] == after["statuses"][theirs] == "pending"
    ledger = ledger_entries.c
    erasure = rows(app, select(ledger.entitlement_id).where(ledger.reference == "erasure"))
    assert sorted(r.entitlement_id for r in erasure) == sorted(withdrawn)
    assert after["audit"] == before["audit"] + 3 and after["ledger"] == before["ledger"] + 3
    # Receipts: the unpaid claim's row and file gone; the paid one's and the hospice's kept.
    assert after["receipts"] == sorted([sha(PAID), sha(THEIRS)])
    assert not store.path(sha(UNPAID)).exists()
    assert store.path(sha(PAID)).exists() and store.path(sha(THEIRS)).exists()
    # Notes of the first organisation's claims blanked; the hospice's claim still says its own.
    claims = dict(rows(app, select(expense_claims.c.entitlement_id, expense_claims.c.id)))
    notes = dict(rows(app, select(expense_lines.c.claim_id, expense_lines.c.note)))
    assert {notes[claims[paid]], notes[claims[unpaid]]} == {""}
    assert notes[claims[theirs]] == "Bus to the hospice"
    # The person's own stays: the hospice still pays them.
    assert rows(app, select(stripe_accounts.c.account_id)) == [("acct_1",)]
    assert rows(app, select(payment_choices.c.participant_id)) == [(PERSON,)]
    assert rows(app, select(participant_names.c.preferred_name)) == [("Sam",)]
    assert after["erasures"] == [(PERSON, FIRST_ORGANISATION_ID)]
    assert rows(app, select(func.count()).select_from(erased_participants))[0][0] == 0
    # Asked again (a fresh event id, past the inbox): handled, not dead-lettered, and nothing more.
    handled = rows(app, select(inbox.c.event_id).where(inbox.c.consumer == group))
    assert sorted(r.event_id for r in handled) == sorted([decode(erase).id, decode(again).id])
    assert everything(app) == after


def test_on_postgresql_it_forgets_one_organisations_claims_once(tmp_path: Path) -> None:
    """The same on PostgreSQL through the bus with the real unit of work (the runner's part:
    one transaction, committed after): the per-organisation deletes and the pair recorded."""
    with migrated_postgres("payments") as engine:
        uows, store = uow_factory(engine), ReceiptStore(tmp_path / "receipts")
        bus = build_bus(uow_factory=uows, settings=payments_settings(), receipts=store)
        person = str(uuid.uuid4())

        def consumed(command: object) -> None:
            with uows() as uow:
                bus.handle(command, uow)
                uow.commit()

        claims = {}
        for organisation_id, receipt in ((FIRST_ORGANISATION_ID, UNPAID), (HOSPICE, THEIRS)):
            activity, booking = str(uuid.uuid4()), str(uuid.uuid4())
            consumed(recruitment_events.activity_published({
                "activity_id": activity, "title": "A study", "status": "open",
                "rate_pence": 2000, "rate_unit": "hour", "expenses_covered": True,
                "changed_at": datetime.now(UTC), "organisation_id": organisation_id}))  # fmt: skip
            consumed(attendance_recorded({
                "booking_id": booking, "participant_id": person, "activity_id": activity,
                "outcome": "attended", "minutes_attended": 60, "session_minutes": 60}))  # fmt: skip
            line = ExpenseLine("parking", 450, note="Car park")
            claims[organisation_id] = bus.handle(
                SubmitClaim(person, booking, [line], person, (receipt,))
            )
        erase = ForgetInOrganisation(person, FIRST_ORGANISATION_ID, datetime.now(UTC))
        consumed(erase)
        consumed(erase)  # asked again: nothing more (the pair's primary key would refuse it)

        with engine.connect() as conn:
            e, c = entitlements.c, expense_claims.c
            statuses = conn.execute(select(e.activity_id, e.status)).all()
            whose = dict(conn.execute(select(c.id, c.activity_id)).all())
            notes = dict(conn.execute(select(expense_lines.c.claim_id, expense_lines.c.note)).all())
            kept = list(conn.execute(select(expense_receipts.c.sha256)).scalars())
            erased = conn.execute(select(organisation_erasures.c.organisation_id)).all()
        ours, theirs = whose[claims[FIRST_ORGANISATION_ID]], whose[claims[HOSPICE]]
        # Each organisation's fee and expense claim: the first's withdrawn, the hospice's not.
        assert sorted(statuses) == sorted(
            [(ours, "withdrawn"), (ours, "withdrawn"), (theirs, "pending"), (theirs, "pending")]
        )
        assert (notes[claims[FIRST_ORGANISATION_ID]], notes[claims[HOSPICE]]) == ("", "Car park")
        assert kept == [sha(THEIRS)] and not store.path(sha(UNPAID)).exists()
        assert erased == [(FIRST_ORGANISATION_ID,)]
