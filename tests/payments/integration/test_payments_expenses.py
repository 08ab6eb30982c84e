"""Expense claims, budgets and the finance export through payments' API on SQLite.

Every refused claim leaves nothing behind: no claim row, no entitlement, no receipt file.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from services.payments.adapters.orm import (
    entitlements,
    expense_claims,
    expense_lines,
    expense_receipts,
    ledger_entries,
)
from services.payments.config import load_settings as payments_settings
from services.payments.entitlements import service_layer as handlers
from services.payments.entitlements.entrypoints.consumed import attendance_recorded
from services.payments.entrypoints.app import create_app
from services.payments.expenses.adapters.receipts import ReceiptStore
from services.payments.people import entrypoints as recruitment_events
from services.payments.people.service_layer import projections
from shared.bus.tables import outbox
from shared.web import current_bus
from tests.support import migrated_engine
from tests.support import staff_client as staff

PERSON = str(uuid.uuid4())
ACTIVITY = str(uuid.uuid4())
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
PDF = b"%PDF-1.7\n" + b"x" * 200
MAX_BYTES = 2048


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    app = create_app(
        payments_settings(),
        migrated_engine("payments", tmp_path),
        receipts=ReceiptStore(tmp_path / "receipts", MAX_BYTES),
    )
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def participant(app: Flask, participant_id: str = PERSON) -> FlaskClient:
    client = app.test_client()
    with client.session_transaction() as session:
        session["participant"] = {"id": participant_id, "issued_at": datetime.now(UTC).isoformat()}
    return client


def attended(app: Flask, outcome: str = "attended", who: str = PERSON) -> str:
    """AttendanceRecorded as the consumer handles it: the fee entitlement for the booking."""
    booking = str(uuid.uuid4())
    data = {
        "booking_id": booking, "participant_id": who, "activity_id": ACTIVITY,
        "outcome": outcome, "minutes_attended": 60, "session_minutes": 60,
    }  # fmt: skip
    with current_bus(app).uow_factory() as uow:
        handlers.record_attendance(attendance_recorded(data), uow, payments_settings())
        uow.commit()
    return booking


def claim(client: FlaskClient, path: str, body: Any, files: list[tuple[bytes, str, str]]) -> Any:
    form: dict[str, Any] = {"claim": json.dumps(body)}
    form["receipts"] = [(io.BytesIO(data), name, ctype) for data, name, ctype in files]
    return client.post(path, data=form, content_type="multipart/form-data")


def count(app: Flask, table: Any) -> int:
    with current_bus(app).uow_factory() as uow:
        return int(uow.session.execute(select(func.count()).select_from(table)).scalar_one())


def stored_files(tmp_path: Path) -> list[Path]:
    return [p for p in (tmp_path / "receipts").rglob("*") if p.is_file()]


def events(app: Flask, type_: str) -> list[dict[str, Any]]:
    with current_bus(app).uow_factory() as uow:
        query = select(outbox.c.payload).where(outbox.c.event_type == type_)
        return [json.loads(p)["data"] for p in uow.session.scalars(query.order_by(outbox.c.id))]


def test_participant_claims_mileage_and_parking_with_a_receipt(app: Flask, tmp_path: Path) -> None:
    booking = attended(app)
    body = {
        "booking_id": booking,
        "lines": [
            {"category": "mileage", "miles": 23},
            {"category": "parking", "amount_pence": 450, "note": "hospital car park"},
        ],
    }
    answer = claim(
        participant(app), "/pay/expense-claims", body, [(PNG, "ticket.png", "image/png")]
    )
    assert answer.status_code == 201, answer.json
    assert answer.json["total_pence"] == 23 * 45 + 450
    assert answer.json["status"] == "pending"
    assert answer.json["created_by"] == PERSON
    (receipt,) = answer.json["receipts"]
    (file,) = stored_files(tmp_path)
    assert file.name == receipt["sha256"] and file.read_bytes() == PNG
    (event,) = events(app, "ClaimSubmitted")
    assert event["amount_pence"] == 1485 and event["by_participant"] is True
    assert event["categories"] == ["mileage", "parking"] and event["receipt_count"] == 1

    # Staff see it, and its receipt, checked by its bytes.
    approver = staff(app, {"coordinator"})
    seen = approver.get(f"/api/payments/claims/{answer.json['id']}")
    assert seen.status_code == 200 and seen.json["lines"][0]["amount_pence"] == 1035
    got = approver.get(f"/api/payments/claims/{answer.json['id']}/receipts/1")
    assert got.status_code == 200 and got.data == PNG and got.mimetype == "image/png"


def test_a_coordinator_enters_a_claim_for_someone_and_cannot_approve_it(app: Flask) -> None:
    booking = attended(app)
    cora = str(uuid.uuid4())
    coordinator = staff(app, {"coordinator"}, cora)
    answer = coordinator.post(
        f"/api/payments/participants/{PERSON}/claims",
        json={"booking_id": booking, "lines": [{"category": "data_device", "amount_pence": 1500}]},
    )
    assert answer.status_code == 201, answer.json
    assert answer.json["created_by"] == cora
    assert events(app, "ClaimSubmitted")[0]["by_participant"] is False
    entitlement = answer.json["entitlement_id"]
    own = coordinator.post(f"/api/payments/entitlements/{entitlement}/approve")
    assert own.status_code == 422 and "someone else" in own.json["message"]
    other = staff(app, {"coordinator"}).post(f"/api/payments/entitlements/{entitlement}/approve")
    assert other.status_code == 200 and other.json["status"] == "approved"


def test_expenses_are_paid_whatever_happens_to_the_fee(app: Flask) -> None:
    booking = attended(app)
    answer = claim(
        participant(app),
        "/pay/expense-claims",
        {"booking_id": booking, "lines": [{"category": "care_cover", "amount_pence": 4000}]},
        [],
    )
    assert answer.status_code == 201, answer.json
    approver = staff(app, {"coordinator"})
    fees = approver.get("/api/payments/entitlements", query_string={"participant_id": PERSON})
    (fee,) = [e for e in fees.json if e["booking_id"] == booking]
    rejected = approver.post(
        f"/api/payments/entitlements/{fee['id']}/reject", json={"reason": "Fee declined."}
    )
    assert rejected.status_code == 200
    approved = approver.post(f"/api/payments/entitlements/{answer.json['entitlement_id']}/approve")
    assert approved.status_code == 200 and approved.json["status"] == "approved"


BAD_CLAIMS = [
    ("negative", [{"category": "parking", "amount_pence": -500}], None, "at least 1p"),
    ("absurd", [{"category": "public_transport", "amount_pence": 99_999_999}], None, "over"),
    ("absurd miles", [{"category": "mileage", "miles": 40_000}], None, "miles"),
    ("float pence", [{"category": "parking", "amount_pence": 4.5}], None, "Check the claim"),
    ("no receipt", [{"category": "public_transport", "amount_pence": 800}], [], "receipt"),
    ("taxi unagreed", [{"category": "taxi", "amount_pence": 800}], None, "beforehand"),
    ("over limit", [{"category": "overnight", "amount_pence": 15_001}], None, "limited"),
    (
        "not an image",
        [{"category": "parking", "amount_pence": 300}],
        [(b"MZ\x90\x00 a program", "receipt.jpg", "image/jpeg")],
        "JPEG or PNG",
    ),
    (
        "oversized",
        [{"category": "parking", "amount_pence": 300}],
        [(PNG + b"\x00" * MAX_BYTES, "big.png", "image/png")],
        "too big",
    ),
]


@pytest.mark.parametrize(
    ("lines", "files", "message"), [c[1:] for c in BAD_CLAIMS], ids=[c[0] for c in BAD_CLAIMS]
)
def test_bad_claims_are_refused_clearly_and_store_nothing(
    app: Flask, tmp_path: Path, lines: list[Any], files: Any, message: str
) -> None:
    booking = attended(app)
    files = [(PDF, "receipt.pdf", "application/pdf")] if files is None else files
    answer = claim(
        participant(app), "/pay/expense-claims", {"booking_id": booking, "lines": lines}, files
    )
    assert answer.status_code == 422, answer.json
    assert message in answer.json["message"]
    assert count(app, expense_claims) == count(app, expense_lines) == 0
    assert count(app, expense_receipts) == 0
    assert count(app, entitlements) == 1  # the fee only
    assert stored_files(tmp_path) == []
    assert events(app, "ClaimSubmitted") == []


@pytest.mark.parametrize("outcome", ["no_show", "excused"])
def test_no_claim_for_a_session_not_attended(app: Flask, tmp_path: Path, outcome: str) -> None:
    booking = attended(app, outcome)
    for target in (booking, str(uuid.uuid4()), attended(app, who=str(uuid.uuid4()))):
        answer = claim(
            participant(app),
            "/pay/expense-claims",
            {"booking_id": target, "lines": [{"category": "mileage", "miles": 3}]},
            [(PNG, "a.png", "image/png")],
        )
        assert answer.status_code == 422
        assert "sessions you attended" in answer.json["message"]
    assert count(app, expense_claims) == 0 and stored_files(tmp_path) == []


def test_one_claim_per_session(app: Flask) -> None:
    booking = attended(app)
    body = {"booking_id": booking, "lines": [{"category": "mileage", "miles": 3}]}
    assert claim(participant(app), "/pay/expense-claims", body, []).status_code == 201
    again = claim(participant(app), "/pay/expense-claims", body, [])
    assert again.status_code == 409
    assert count(app, expense_claims) == 1


def test_an_activity_sets_its_own_cover_and_mileage_rate(app: Flask) -> None:
    coordinator = staff(app, {"coordinator"})
    path = f"/api/payments/activities/{ACTIVITY}/expense-policy"
    assert coordinator.get(path).json["mileage_pence_per_mile"] == 45
    put = coordinator.put(
        path,
        json={
            "covered": ["mileage", "data_device"],
            "mileage_pence_per_mile": 30,
            "limits_pence": {"data_device": 1000},
        },
    )
    assert put.status_code == 200, put.json
    assert put.json["covered"] == ["mileage", "data_device"]
    bad = coordinator.put(path, json={"limits_pence": {"parking": -5}})
    assert bad.status_code == 422
    booking = attended(app)
    refused = claim(
        participant(app),
        "/pay/expense-claims",
        {"booking_id": booking, "lines": [{"category": "parking", "amount_pence": 300}]},
        [],
    )
    assert refused.status_code == 422 and "not covered" in refused.json["message"]
    ok = claim(
        participant(app),
        "/pay/expense-claims",
        {"booking_id": booking, "lines": [{"category": "mileage", "miles": 10}]},
        [],
    )
    assert ok.status_code == 201 and ok.json["total_pence"] == 300


def adjustment(client: FlaskClient, amount: int) -> str:
    answer = client.post(
        "/api/payments/entitlements",
        json={
            "participant_id": PERSON, "activity_id": ACTIVITY, "amount_pence": amount,
            "note": "paper register",
        },
    )  # fmt: skip
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def test_budget_warns_at_80_and_100_percent_once_each(app: Flask) -> None:
    finance = staff(app, {"finance_approver"})
    path = f"/api/payments/activities/{ACTIVITY}/budget"
    assert finance.get(path).status_code == 404
    assert finance.put(path, json={"budget_pence": -1}).status_code == 422
    assert finance.put(path, json={"budget_pence": 10_000}).status_code == 200
    entering, approving = staff(app, {"coordinator"}), staff(app, {"coordinator"})

    def spend(amount: int) -> None:
        entitlement = adjustment(entering, amount)
        answer = approving.post(f"/api/payments/entitlements/{entitlement}/approve")
        assert answer.json["status"] == "approved"

    spend(7_000)
    assert events(app, "BudgetWarning") == []
    adjustment(entering, 5_000)  # pending: shown, but not yet spent
    spend(1_000)
    spend(500)
    assert [e["threshold_percent"] for e in events(app, "BudgetWarning")] == [80]
    spend(1_500)  # exactly 100%
    spend(2_000)
    warnings = events(app, "BudgetWarning")
    assert [e["threshold_percent"] for e in warnings] == [80, 100]
    assert warnings[1]["spent_pence"] == 10_000 and warnings[1]["budget_pence"] == 10_000
    # Staff are told, in the same transaction, urgently, with the page where it is done.
    budget_tasks = [t for t in events(app, "PaymentsStaffTask") if t["kind"].startswith("budget")]
    assert [(t["kind"], t["state"], t["urgent"], t["path"]) for t in budget_tasks] == [
        ("budget_80", "open", True, "/pay/manage/budgets"),
        ("budget_100", "open", True, "/pay/manage/budgets"),
    ]
    assert budget_tasks[1]["amount_pence"] == 10_000 and budget_tasks[1]["activity_id"] == ACTIVITY
    shown = finance.get(path).json
    assert shown["warnings"] == [80, 100]
    assert shown["spent_pence"] == 12_000 and shown["pending_pence"] == 5_000
    assert shown["percent_used"] == 120 and shown["remaining_pence"] == -2_000


def test_the_finance_export_is_a_csv_of_the_ledger(app: Flask) -> None:
    booking = attended(app)
    made = claim(
        participant(app),
        "/pay/expense-claims",
        {
            "booking_id": booking,
            "lines": [
                {"category": "mileage", "miles": 11},
                {"category": "parking", "amount_pence": 5},
            ],
        },
        [],
    )
    assert made.status_code == 201
    staff(app, {"coordinator"}).post(
        f"/api/payments/entitlements/{made.json['entitlement_id']}/reject",
        json={"reason": "Parking was free."},
    )
    today = datetime.now(UTC).date().isoformat()
    path = f"/api/payments/exports/ledger.csv?from={today}&to={today}"
    assert staff(app, {"coordinator"}).get(path).status_code == 403
    answer = staff(app, {"finance_approver"}).get(path)
    assert answer.status_code == 200
    assert answer.mimetype == "text/csv"
    assert answer.headers["Content-Disposition"].startswith("attachment; filename=")
    table = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    by_kind = [(r["kind"], r["movement"], r["amount_gbp"], r["status"]) for r in table]
    assert by_kind == [
        ("fee", "owed", "25.00", "pending"),
        ("expense: mileage + parking", "owed", "5.00", "rejected"),
        ("expense: mileage + parking", "cancelled", "-5.00", "rejected"),
    ]
    assert all(r["participant_id"] == PERSON and r["activity_id"] == ACTIVITY for r in table)
    assert table[0]["date"].count("/") == 2 and len(table[0]["date"]) == 10
    bad = staff(app, {"admin"}).get(f"/api/payments/exports/ledger.csv?from={today}&to=2000-01-01")
    assert bad.status_code == 422
    assert staff(app, {"admin"}).get("/api/payments/exports/ledger.csv").status_code == 422


@pytest.mark.parametrize("hostile", ["=1+1", "\t=1+1", "\r=1+1", " @SUM(A1)"])
def test_the_finance_export_keeps_formulas_as_text(app: Flask, hostile: str) -> None:
    """A reference a spreadsheet would run (OWASP's = + - @ tab CR) is shown as text."""
    attended(app)
    with current_bus(app).uow_factory() as uow:
        entitlement = uow.session.scalars(select(entitlements.c.id)).first()
        entry = {"entitlement_id": entitlement, "participant_id": PERSON, "kind": "reversed",
                 "amount_pence": -500, "reference": hostile, "at": datetime.now(UTC)}  # fmt: skip
        uow.session.execute(ledger_entries.insert().values(**entry))
        uow.commit()
    today = datetime.now(UTC).date().isoformat()
    path = f"/api/payments/exports/ledger.csv?from={today}&to={today}"
    answer = staff(app, {"finance_approver"}).get(path)
    assert answer.status_code == 200
    [_, reversed_] = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert reversed_["payout_reference"] == "'" + hostile
    assert reversed_["amount_gbp"] == "-5.00"  # a plain number stays a number


def offered(app: Flask, activity: str, rate_pence: int, expenses_covered: bool) -> None:
    """The activity's offer, as the consumer takes it from recruitment's ActivityPublished."""
    data = {
        "activity_id": activity, "title": "Unpaid reading group", "status": "open",
        "rate_pence": rate_pence, "rate_unit": "hour", "expenses_covered": expenses_covered,
        "changed_at": datetime.now(UTC),
    }  # fmt: skip
    with current_bus(app).uow_factory() as uow:
        projections.activity_published(recruitment_events.activity_published(data), uow)
        uow.commit()


def test_a_claim_for_an_unpaid_activity_is_refused_plainly(app: Flask) -> None:
    offered(app, ACTIVITY, 0, False)
    booking = attended(app)
    answer = claim(
        participant(app), "/pay/expense-claims",
        {"booking_id": booking, "lines": [{"category": "mileage", "miles": 3}]}, [],
    )  # fmt: skip
    assert answer.status_code == 422
    assert answer.json["message"] == "This activity is unpaid: it does not pay fees or expenses."
    assert count(app, expense_claims) == 0 and events(app, "EntitlementCreated") == []
