"""The participant's /pay pages and choice against stripe-mock on SQLite: a bank choice makes a
Stripe Connect account and a fresh onboarding link, vouchers never reach Stripe, declining closes
unpaid fees, and finance sees tax-year totals flagged above £1,000."""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from services.payments.adapters.orm import stripe_accounts
from services.payments.choices.domain.tax_year import tax_year_of
from services.payments.config import load_settings as payments_settings
from services.payments.entitlements import service_layer as handlers
from services.payments.entitlements.entrypoints.consumed import attendance_recorded
from services.payments.entrypoints.app import create_app
from shared.bus.tables import outbox
from shared.config import Secret
from shared.web import current_bus
from tests.stripe_recording_proxy import STRIPE_MOCK
from tests.support import migrated_engine
from tests.support import staff_client as staff

ACTIVITY = str(uuid.uuid4())


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    settings = dataclasses.replace(
        payments_settings(),
        stripe_api_key=Secret("sk_test_123"),
        stripe_api_base=STRIPE_MOCK,
        organisation_name="Leeds Teaching Hospitals",
        public_base_url="https://chorus.test",
    )
    app = create_app(settings, migrated_engine("payments", tmp_path))
    app.config["WTF_CSRF_ENABLED"] = False  # one test below keeps it on
    return app


def participant(app: Flask, participant_id: str) -> FlaskClient:
    client = app.test_client()
    with client.session_transaction() as session:
        session["participant"] = {"id": participant_id, "issued_at": datetime.now(UTC).isoformat()}
    return client


def claim(app: Flask, person: str, amount: int) -> str:
    answer = staff(app, {"coordinator"}).post(
        "/api/payments/entitlements",
        json={"participant_id": person, "activity_id": ACTIVITY, "amount_pence": amount,
              "note": "paper register"},
    )  # fmt: skip
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def status(app: Flask, entitlement_id: str) -> str:
    found = staff(app, {"coordinator"}).get("/api/payments/entitlements").json
    return next(e["status"] for e in found if e["id"] == entitlement_id)


def events(app: Flask) -> list[tuple[str, dict]]:
    with current_bus(app).uow_factory() as uow:
        found = uow.session.execute(select(outbox.c.event_type, outbox.c.payload))
        return [(row.event_type, json.loads(row.payload)["data"]) for row in found]


def test_the_page_explains_benefits_and_tax_in_english_and_welsh(app: Flask) -> None:
    me = participant(app, str(uuid.uuid4()))
    page = me.get("/pay").get_data(as_text=True)
    assert "Your payments" in page and "Universal Credit" in page and "£0.00" in page
    assert 'name="method"' in page and 'href="/pay/letter"' in page
    welsh = me.get("/pay?lang=cy").get_data(as_text=True)
    assert "Eich taliadau" in welsh and "Credyd Cynhwysol" in welsh
    assert app.test_client().get("/pay").headers["Location"] == "/join/link?next=%2Fpay"


def test_a_fee_for_part_of_a_session_says_how_many_minutes_on_their_page(app: Flask) -> None:
    person = str(uuid.uuid4())
    data = {
        "booking_id": str(uuid.uuid4()), "participant_id": person, "activity_id": ACTIVITY,
        "outcome": "partly_attended", "minutes_attended": 45, "session_minutes": 60,
        "session_starts_at": datetime(2026, 12, 7, 10, 0, tzinfo=UTC), "recorded_by": "cora",
    }  # fmt: skip
    with current_bus(app).uow_factory() as uow:
        handlers.record_attendance(attendance_recorded(data), uow, payments_settings())
        uow.commit()
    page = participant(app, person).get("/pay").get_data(as_text=True)
    assert "You were there for 45 of 60 minutes of the session." in page
    welsh = participant(app, person).get("/pay?lang=cy").get_data(as_text=True)
    assert "Roeddech chi yno am 45 o 60 munud o\u2019r sesiwn." in welsh


def test_the_choice_form_needs_its_csrf_token(app: Flask) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    me = participant(app, str(uuid.uuid4()))
    assert me.post("/pay/choice", data={"method": "voucher"}).status_code == 400


def test_no_choice_is_an_error_on_the_page(app: Flask) -> None:
    answer = participant(app, str(uuid.uuid4())).post("/pay/choice", data={})
    assert answer.status_code == 400
    assert "Choose how you want to be paid" in answer.get_data(as_text=True)


def test_bank_makes_a_connect_account_and_a_fresh_onboarding_link(app: Flask) -> None:
    person = str(uuid.uuid4())
    me = participant(app, person)
    answer = me.post("/pay/choice", data={"method": "bank"})
    assert answer.status_code == 302 and answer.headers["Location"] == "/pay?saved=bank"
    with current_bus(app).uow_factory() as uow:
        account = uow.session.execute(
            select(stripe_accounts.c.account_id).where(stripe_accounts.c.participant_id == person)
        ).scalar_one()
    assert account.startswith("acct_")
    requested = [data for kind, data in events(app) if kind == "BankDetailsRequested"]
    assert requested and set(requested[0]) == {"participant_id", "requested_at"}  # ids only
    link = me.get("/pay/bank")
    assert link.status_code == 303 and link.headers["Location"].startswith("https://")
    assert 'href="/pay/bank"' in me.get("/pay?saved=bank").get_data(as_text=True)


def test_bank_page_without_a_bank_choice_goes_back_to_pay(app: Flask) -> None:
    assert participant(app, str(uuid.uuid4())).get("/pay/bank").headers["Location"] == "/pay"


def test_decline_closes_the_fee_and_a_voucher_is_recorded_not_sent(app: Flask) -> None:
    person = str(uuid.uuid4())
    me = participant(app, person)
    fee = claim(app, person, 4250)
    me.post("/pay/choice", data={"method": "decline"})
    assert status(app, fee) == "declined"
    assert "You said no to this fee" in me.get("/pay").get_data(as_text=True)
    me.post("/pay/choice", data={"method": "voucher"})
    assert status(app, fee) == "pending"
    approve = staff(app, {"coordinator"}).post(f"/api/payments/entitlements/{fee}/approve")
    assert approve.status_code == 200
    paid = staff(app, {"finance_approver"}).post(f"/api/payments/entitlements/{fee}/payout")
    assert paid.status_code == 202 and paid.json["status"] == "voucher"
    approved = [data for kind, data in events(app) if kind == "ClaimApproved"]
    assert approved[-1]["choice"] == "voucher"
    assert not [kind for kind, _ in events(app) if kind.startswith("Payout")]
    assert "Paid as a voucher" in me.get("/pay").get_data(as_text=True)


def test_tax_year_totals_flag_above_1000_pounds_and_the_letter_lists_them(app: Flask) -> None:
    person = str(uuid.uuid4())
    for amount in (100_000, 1):  # one claim is at most £1,000
        big = claim(app, person, amount)
        staff(app, {"coordinator"}).post(f"/api/payments/entitlements/{big}/approve")
        staff(app, {"finance_approver"}).post(f"/api/payments/entitlements/{big}/approve")
    year = tax_year_of(datetime.now(UTC)).first
    finance = staff(app, {"finance_approver"})
    totals = finance.get(f"/api/payments/tax-years/{year}/totals").json
    mine = next(p for p in totals["participants"] if p["participant_id"] == person)
    assert mine == {"participant_id": person, "total_pence": 100_001, "over_limit": True}
    assert finance.get("/api/payments/tax-years/1066/totals").status_code == 404
    assert app.test_client().get(f"/api/payments/tax-years/{year}/totals").status_code == 401
    me = participant(app, person)
    assert "You may need to tell HMRC" in me.get("/pay").get_data(as_text=True)
    letter = me.get("/pay/letter").get_data(as_text=True)
    assert "Leeds Teaching Hospitals" in letter and "£1,000.00" in letter and "£1,000.01" in letter
    assert f"{year} to {year + 1}" in letter
