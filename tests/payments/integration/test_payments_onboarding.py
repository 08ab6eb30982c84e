"""Stripe Connect onboarding finishing, through the signed webhook and stripe-mock (behind a
recording proxy that counts transfers): a payout asked for before the participant's account was
ready waits, and Stripe's `account.updated` (details submitted, payouts enabled) pays it once."""

from __future__ import annotations

import dataclasses
import json
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import stripe
from flask import Flask
from flask.testing import FlaskClient

from services.payments.config import load_settings as payments_settings
from services.payments.entrypoints.app import create_app
from shared.config import Secret
from shared.web import current_bus
from tests.stripe_recording_proxy import RecordingProxy, recording_proxy
from tests.support import migrated_engine
from tests.support import staff_client as staff

SECRET = "whsec_onboarding"
ACTIVITY = str(uuid.uuid4())
HOOK = "/api/payments/stripe/webhook"


@pytest.fixture
def proxy() -> Iterator[RecordingProxy]:
    with recording_proxy() as running:
        yield running


@pytest.fixture
def app(tmp_path: Path, proxy: RecordingProxy) -> Flask:
    settings = dataclasses.replace(
        payments_settings(),
        stripe_api_key=Secret("sk_test_123"),
        stripe_api_base=proxy.url,
        stripe_webhook_secret=Secret(SECRET),
        public_base_url="https://chorus.test",
    )
    app = create_app(settings, migrated_engine("payments", tmp_path))
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def signed_in(app: Flask, who: str, value: dict) -> FlaskClient:
    client = app.test_client()
    with client.session_transaction() as session:
        session[who] = {**value, "issued_at": datetime.now(UTC).isoformat()}
    return client


def account_updated(app: Flask, account: str, submitted: bool, enabled: bool, at: int) -> dict:
    obj = {"id": account, "object": "account", "details_submitted": submitted,
           "payouts_enabled": enabled}  # fmt: skip
    payload = json.dumps(
        {"id": f"evt_{uuid.uuid4().hex}", "object": "event", "type": "account.updated",
         "created": at, "data": {"object": obj}}
    )  # fmt: skip
    return post_signed(app, payload)


def post_signed(app: Flask, payload: str) -> dict:
    header = stripe.WebhookSignature.generate_signature_header(payload, SECRET, int(time.time()))
    answer = app.test_client().post(
        HOOK, data=payload, headers={"Stripe-Signature": header, "Content-Type": "application/json"}
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.json  # type: ignore[no-any-return]


def waiting_claim(app: Flask, proxy: RecordingProxy) -> tuple[str, str, str]:
    """A participant who chose a bank transfer, and an approved claim asked to be paid."""
    person = str(uuid.uuid4())
    me = signed_in(app, "participant", {"id": person})
    assert me.post("/pay/choice", data={"method": "bank"}).status_code == 302
    with current_bus(app).uow_factory() as uow:
        account = uow.accounts.get(person)
    entered = staff(app, {"coordinator"}).post(
        "/api/payments/entitlements",
        json={"participant_id": person, "activity_id": ACTIVITY, "amount_pence": 4250,
              "note": "paper register"},
    )  # fmt: skip
    claim = entered.json["id"]
    assert (
        staff(app, {"coordinator"})
        .post(f"/api/payments/entitlements/{claim}/approve")
        .json["status"]
        == "approved"
    )
    asked = staff(app, {"finance_approver"}).post(f"/api/payments/entitlements/{claim}/payout")
    assert asked.status_code == 202 and asked.json["status"] == "waiting_for_bank", asked.json
    assert proxy.transfers() == []
    return person, account, claim


def status(app: Flask, claim: str) -> str:
    return staff(app, {"coordinator"}).get("/api/payments/entitlements").json[0]["status"]


def test_a_waiting_payout_is_paid_once_the_account_is_ready(
    app: Flask, proxy: RecordingProxy
) -> None:
    _, account, claim = waiting_claim(app, proxy)
    now = int(time.time())
    account_updated(app, account, True, False, now - 60)  # details given, payouts not yet on
    assert proxy.transfers() == [] and status(app, claim) == "approved"
    account_updated(app, account, True, True, now - 30)
    assert [t.idempotency_key for t in proxy.transfers()] == [f"payout-{claim}-v1"]
    assert status(app, claim) == "paying"  # sent; Stripe's transfer.created makes it paid
    # Stripe says it again (a new event id), and an older update arrives late: nothing more.
    account_updated(app, account, True, True, now)
    account_updated(app, account, False, False, now - 90)
    asked_again = staff(app, {"finance_approver"}).post(
        f"/api/payments/entitlements/{claim}/payout"
    )
    assert asked_again.json["status"] == "sent"
    assert len(proxy.transfers()) == 1


def test_a_replayed_event_and_someone_elses_account_change_nothing(
    app: Flask, proxy: RecordingProxy
) -> None:
    _, account, claim = waiting_claim(app, proxy)
    assert account_updated(app, "acct_notours", True, True, int(time.time()))["status"] == "handled"
    assert proxy.transfers() == []
    obj = {"id": account, "object": "account", "details_submitted": True, "payouts_enabled": True}
    payload = json.dumps({"id": "evt_once", "object": "event", "type": "account.updated",
                          "created": int(time.time()), "data": {"object": obj}})  # fmt: skip
    post_signed(app, payload)
    post_signed(app, payload)
    assert len(proxy.transfers()) == 1 and status(app, claim) == "paying"


def test_a_forged_account_update_is_refused(app: Flask, proxy: RecordingProxy) -> None:
    _, account, _claim = waiting_claim(app, proxy)
    obj = {"id": account, "object": "account", "details_submitted": True, "payouts_enabled": True}
    payload = json.dumps({"id": "evt_forged", "object": "event", "type": "account.updated",
                          "created": int(time.time()), "data": {"object": obj}})  # fmt: skip
    header = stripe.WebhookSignature.generate_signature_header(
        payload, "whsec_nope", int(time.time())
    )
    answer = app.test_client().post(HOOK, data=payload, headers={"Stripe-Signature": header})
    assert answer.status_code == 400 and proxy.transfers() == []
