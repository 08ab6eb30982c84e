"""ErasureRequested on the real broker: payments forgets the person's Stripe account link, their
choice and the receipts of claims never paid, withdraws claims not yet being paid, and keeps the
financial records (ledger, audit, paid claims and their receipts) under the bare id. Delivered
twice, it acts once; attendance arriving after it earns nothing."""

from __future__ import annotations

import dataclasses
import io
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from services.payments.adapters.orm import (
    audit_log,
    entitlements,
    erased_participants,
    expense_lines,
    expense_receipts,
    ledger_entries,
    payment_choices,
    payout_destination_changes,
    stripe_accounts,
)
from services.payments.config import load_settings as payments_settings
from services.payments.entitlements import service_layer as handlers
from services.payments.entitlements.entrypoints.consumed import attendance_recorded
from services.payments.entrypoints.app import create_app
from services.payments.expenses.adapters.receipts import ReceiptStore
from shared.config import Secret
from shared.events.envelope import decode, encode
from shared.web import current_bus
from tests.contract.test_event_samples import SAMPLES
from tests.payments.consuming import payments_consumer
from tests.stripe_recording_proxy import STRIPE_MOCK
from tests.support import committed_offset, migrated_engine, produce, running, wait_until
from tests.support import staff_client as staff

PERSON = str(uuid.uuid4())
PAID_RECEIPT = b"\x89PNG\r\n\x1a\n" + b"\x01" * 200
UNPAID_RECEIPT = b"%PDF-1.7\n" + b"\x02" * 200


def sample(type_: str, **data: object) -> bytes:
    envelope = decode((SAMPLES / f"{type_}.v1.json").read_bytes())
    fresh = dataclasses.replace(envelope, id=str(uuid.uuid4()), data={**envelope.data, **data})
    return encode(fresh)


def signed_in(app: Flask, who: str, value: dict[str, Any]) -> FlaskClient:
    client = app.test_client()
    with client.session_transaction() as session:
        session[who] = {**value, "issued_at": datetime.now(UTC).isoformat()}
    return client


def attended(app: Flask) -> str:
    booking = str(uuid.uuid4())
    data = {"booking_id": booking, "participant_id": PERSON, "activity_id": str(uuid.uuid4()),
            "outcome": "attended", "minutes_attended": 60, "session_minutes": 60}  # fmt: skip
    with current_bus(app).uow_factory() as uow:
        handlers.record_attendance(attendance_recorded(data), uow, payments_settings())
        uow.commit()
    return booking


def expenses(app: Flask, booking: str, receipt: bytes) -> str:
    line = {"category": "parking", "amount_pence": 450, "note": "Car park by my home"}
    claim = {"booking_id": booking, "lines": [line]}
    answer = signed_in(app, "participant", {"id": PERSON}).post(
        "/pay/expense-claims",
        data={"claim": json.dumps(claim), "receipts": [(io.BytesIO(receipt), "r", "image/png")]},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 201, answer.json
    return str(answer.json["entitlement_id"])


def rows(app: Flask, query: Any) -> list[Any]:
    with current_bus(app).uow_factory() as uow:
        return list(uow.session.execute(query))


def test_erasure_forgets_what_the_law_lets_it_and_keeps_the_books(
    bootstrap: str, topic: str, tmp_path: Path
) -> None:
    engine = migrated_engine("payments", tmp_path)
    settings = dataclasses.replace(
        payments_settings(), stripe_api_key=Secret("sk_test_123"), stripe_api_base=STRIPE_MOCK
    )
    store = ReceiptStore(tmp_path / "receipts")
    app = create_app(settings, engine, receipts=store)
    app.config["WTF_CSRF_ENABLED"] = False

    bookings = [attended(app) for _ in range(3)]  # three fees still pending: withdrawn
    with current_bus(app).uow_factory() as uow:
        fees = [uow.entitlements.by_booking(b).id for b in bookings]
    paid = expenses(app, bookings[0], PAID_RECEIPT)  # expenses paid: kept, with the receipt
    unpaid = expenses(app, bookings[1], UNPAID_RECEIPT)  # never paid: withdrawn, receipt gone
    assert (
        signed_in(app, "participant", {"id": PERSON})
        .post("/pay/choice", data={"method": "bank"})
        .status_code
        == 302
    )
    finance = staff(app, {"finance_approver"})
    finance.put(
        f"/api/payments/participants/{PERSON}/stripe-account", json={"account_id": "acct_1"}
    )
    staff(app, {"finance_approver"}).post(
        f"/api/payments/participants/{PERSON}/stripe-account/confirm"
    )  # a second person confirms where they are paid
    staff(app, {"coordinator"}).post(f"/api/payments/entitlements/{paid}/approve")
    assert finance.post(f"/api/payments/entitlements/{paid}/payout").json["status"] == "sent"
    audit_before = len(rows(app, select(audit_log.c.id)))
    ledger_before = rows(
        app, select(ledger_entries.c.entitlement_id, ledger_entries.c.amount_pence)
    )

    erase = sample("ErasureRequested", participant_id=PERSON)
    late = sample("AttendanceRecorded", participant_id=PERSON, booking_id=str(uuid.uuid4()))
    key = PERSON.encode()
    produce(bootstrap, topic, [(key, erase), (key, erase), (key, late)])
    runner, group = payments_consumer(bootstrap, engine, topic, receipts=store)
    with running(runner.run):
        wait_until(lambda: committed_offset(bootstrap, group, topic) == 3, what="all handled")

    # Forgotten: the Stripe link, the choice, the unpaid claim's receipt (row and file).
    mine = stripe_accounts.c.participant_id == PERSON
    assert rows(app, select(stripe_accounts).where(mine)) == []
    changes = payout_destination_changes
    assert rows(app, select(changes).where(changes.c.participant_id == PERSON)) == []
    assert (
        rows(app, select(payment_choices).where(payment_choices.c.participant_id == PERSON)) == []
    )
    assert not store.path(_sha(UNPAID_RECEIPT)).exists()
    assert [r.sha256 for r in rows(app, select(expense_receipts.c.sha256))] == [_sha(PAID_RECEIPT)]
    assert store.path(_sha(PAID_RECEIPT)).exists()
    assert {r.note for r in rows(app, select(expense_lines.c.note))} == {""}
    # Kept under the bare id: every claim, the ledger (plus the withdrawals), the audit log.
    statuses = dict(rows(app, select(entitlements.c.id, entitlements.c.status)))
    assert statuses == {**dict.fromkeys(fees, "withdrawn"), paid: "paying", unpaid: "withdrawn"}
    ledger = rows(app, select(ledger_entries.c.entitlement_id, ledger_entries.c.amount_pence,
                              ledger_entries.c.reference))  # fmt: skip
    assert [tuple(r[:2]) for r in ledger[: len(ledger_before)]] == [tuple(r) for r in ledger_before]
    withdrawn = [r for r in ledger if r.reference == "erasure"]
    assert sorted(r.entitlement_id for r in withdrawn) == sorted([*fees, unpaid])
    assert len(rows(app, select(audit_log.c.id))) == audit_before + 4
    assert rows(app, select(func.count()).select_from(erased_participants))[0][0] == 1


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()
