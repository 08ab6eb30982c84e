"""Payments through its API on SQLite, with stripe-mock behind a recording proxy: four-eyes
approval, payouts that never pay twice, and Stripe webhooks that must be signed and fresh."""

from __future__ import annotations

import dataclasses
import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import stripe
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text

from services.payments.adapters.orm import audit_log, ledger_entries, stripe_webhook_rejections
from services.payments.config import load_settings as payments_settings
from services.payments.entrypoints.app import create_app
from shared.bus.tables import outbox
from shared.config import Secret
from shared.web import current_bus
from tests.stripe_recording_proxy import RecordingProxy, recording_proxy
from tests.support import migrated_engine
from tests.support import staff_client as staff

SECRET = "whsec_test_secret"
PARTICIPANT = str(uuid.uuid4())
ACTIVITY = str(uuid.uuid4())


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
    )
    app = create_app(settings, migrated_engine("payments", tmp_path))
    app.config["WTF_CSRF_ENABLED"] = False  # one test below keeps it on
    return app


def adjustment(client: FlaskClient, amount: int) -> str:
    answer = client.post(
        "/api/payments/entitlements",
        json={
            "participant_id": PARTICIPANT,
            "activity_id": ACTIVITY,
            "amount_pence": amount,
            "note": "attendance on the paper register",
        },
    )
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def rows(app: Flask, query) -> list:  # type: ignore[no-untyped-def]
    with current_bus(app).uow_factory() as uow:
        return list(uow.session.execute(query))


def published(app: Flask) -> list[str]:
    return [r.event_type for r in rows(app, select(outbox.c.event_type).order_by(outbox.c.id))]


def test_a_policy_is_set_and_read_per_activity(app: Flask) -> None:
    coordinator = staff(app, {"coordinator"})
    default = coordinator.get(f"/api/payments/activities/{ACTIVITY}/policy").json
    assert (default["rate_kind"], default["rate_pence"]) == ("hour", 2500)
    body = {"rate_kind": "session", "rate_pence": 4000, "preparation_minutes": 30}
    assert (
        coordinator.put(f"/api/payments/activities/{ACTIVITY}/policy", json=body).status_code == 200
    )
    again = coordinator.get(f"/api/payments/activities/{ACTIVITY}/policy").json
    assert (again["rate_kind"], again["rate_pence"], again["preparation_minutes"]) == (
        "session",
        4000,
        30,
    )
    bad = coordinator.put(
        f"/api/payments/activities/{ACTIVITY}/policy", json={**body, "rate_pence": 12.5}
    )
    assert bad.status_code == 422 and "rate_pence" in bad.json["errors"]["json"]


def test_nobody_approves_a_claim_they_entered(app: Flask) -> None:
    cora = staff(app, {"coordinator"}, "cora-id")
    claim = adjustment(cora, 2000)
    refused = cora.post(f"/api/payments/entitlements/{claim}/approve")
    assert refused.status_code == 422 and "someone else" in refused.json["message"]
    assert (
        staff(app, {"coordinator"})
        .post(f"/api/payments/entitlements/{claim}/approve")
        .json["status"]
        == "approved"
    )
    actions = [r.action for r in rows(app, select(audit_log.c.action).order_by(audit_log.c.id))]
    assert actions == ["created", "approved"]
    assert published(app) == [
        "EntitlementCreated",
        "PaymentsStaffTask",
        "ClaimApproved",
        "PaymentsStaffTask",
    ]  # fmt: skip  (a coordinator's task opened, then done)


def test_above_the_threshold_finance_must_approve_too(app: Flask) -> None:
    claim = adjustment(staff(app, {"coordinator"}), 15_000)
    first = staff(app, {"coordinator"}, "first")
    assert first.post(f"/api/payments/entitlements/{claim}/approve").json["status"] == (
        "awaiting_finance"
    )
    other_coordinator = staff(app, {"coordinator"}).post(
        f"/api/payments/entitlements/{claim}/approve"
    )
    assert other_coordinator.status_code == 422
    approved = staff(app, {"finance_approver"}).post(f"/api/payments/entitlements/{claim}/approve")
    assert approved.json["status"] == "approved" and approved.json["approval_version"] == 1
    again = staff(app, {"finance_approver"}).post(f"/api/payments/entitlements/{claim}/approve")
    assert again.status_code == 409


def test_a_rejection_tells_the_participant_why(app: Flask) -> None:
    claim = adjustment(staff(app, {"coordinator"}), 2000)
    checker = staff(app, {"coordinator"})
    missing = checker.post(f"/api/payments/entitlements/{claim}/reject", json={})
    assert missing.status_code == 422
    answer = checker.post(
        f"/api/payments/entitlements/{claim}/reject", json={"reason": "Paid under another claim."}
    )
    assert answer.json["status"] == "rejected"
    assert published(app)[-2:] == ["ClaimRejected", "PaymentsStaffTask"]  # the task is done
    ledger = rows(app, select(ledger_entries.c.kind, ledger_entries.c.amount_pence))
    assert sum(amount for _kind, amount in ledger) == 0
    unknown = checker.post(f"/api/payments/entitlements/{uuid.uuid4()}/approve")
    assert unknown.status_code == 404
    assert unknown.json["message"]  # the API says what was not found, not only "Not Found"


def test_staff_posts_need_the_csrf_token(app: Flask) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    claim_less = staff(app, {"coordinator"}).post(
        f"/api/payments/entitlements/{uuid.uuid4()}/approve"
    )
    assert claim_less.status_code == 400


def paid_out(app: Flask, amount: int = 2000) -> str:
    finance = staff(app, {"finance_approver"})
    account = finance.put(
        f"/api/payments/participants/{PARTICIPANT}/stripe-account", json={"account_id": "acct_123"}
    )
    assert account.status_code == 202
    second = staff(app, {"finance_approver"})  # a second person confirms where they are paid
    confirmed = second.post(f"/api/payments/participants/{PARTICIPANT}/stripe-account/confirm")
    assert confirmed.status_code == 200, confirmed.json
    claim = adjustment(staff(app, {"coordinator"}), amount)
    staff(app, {"coordinator"}).post(f"/api/payments/entitlements/{claim}/approve")
    answer = finance.post(f"/api/payments/entitlements/{claim}/payout")
    assert answer.status_code == 202, answer.json
    assert answer.json["status"] == "sent"
    return claim


def test_a_payout_goes_to_stripe_once_with_our_key(app: Flask, proxy: RecordingProxy) -> None:
    claim = paid_out(app)
    again = staff(app, {"finance_approver"}).post(f"/api/payments/entitlements/{claim}/payout")
    assert again.json["status"] == "sent"
    assert [t.idempotency_key for t in proxy.transfers()] == [f"payout-{claim}-v1"]
    assert published(app)[-1] == "PayoutSent"
    ledger = rows(app, select(ledger_entries.c.kind, ledger_entries.c.amount_pence))
    assert ledger == [("owed", 2000), ("paid_out", -2000)]
    with pytest.raises(Exception, match="append-only"):
        rows(app, text("UPDATE ledger_entries SET amount_pence = 0"))


def signed(payload: str, at: int, secret: str = SECRET) -> dict[str, str]:
    header = stripe.WebhookSignature.generate_signature_header(payload, secret, at)
    return {"Stripe-Signature": header, "Content-Type": "application/json"}


def transfer_event(event_id: str, event_type: str, transfer_id: str) -> str:
    obj = {"id": transfer_id, "object": "transfer", "metadata": {}}
    return json.dumps(
        {"id": event_id, "object": "event", "type": event_type, "data": {"object": obj}}
    )


def test_forged_stale_and_future_webhooks_are_refused_and_recorded(app: Flask) -> None:
    client, now = app.test_client(), int(time.time())
    payload = transfer_event("evt_1", "transfer.created", "tr_1")
    for headers in (
        signed(payload, now, secret="whsec_forged"),
        signed(payload, now - 301),
        signed(payload, now + 301),
        {"Content-Type": "application/json"},
    ):
        assert (
            client.post("/api/payments/stripe/webhook", data=payload, headers=headers).status_code
            == 400
        )
    tampered = payload.replace("transfer.created", "transfer.reversed")
    assert (
        client.post(
            "/api/payments/stripe/webhook", data=tampered, headers=signed(payload, now)
        ).status_code
        == 400
    )
    assert len(rows(app, select(stripe_webhook_rejections.c.reason))) == 5


def test_a_webhook_settles_a_payout_once_and_tolerates_order(app: Flask) -> None:
    claim = paid_out(app)
    with current_bus(app).uow_factory() as uow:
        transfer_id = uow.payouts.by_key(f"payout-{claim}-v1").transfer_id
    client, now = app.test_client(), int(time.time())
    paid = transfer_event("evt_paid", "transfer.created", transfer_id)  # what Stripe sends
    first = client.post("/api/payments/stripe/webhook", data=paid, headers=signed(paid, now))
    assert first.json == {"status": "handled"}
    replay = client.post("/api/payments/stripe/webhook", data=paid, headers=signed(paid, now))
    assert replay.status_code == 200 and replay.json == {"status": "already handled"}
    late = transfer_event("evt_updated", "transfer.updated", transfer_id)  # changes nothing
    assert (
        client.post(
            "/api/payments/stripe/webhook", data=late, headers=signed(late, now)
        ).status_code
        == 200
    )
    entitlement = staff(app, {"coordinator"}).get("/api/payments/entitlements?status=paid").json
    assert [e["id"] for e in entitlement] == [claim]
    actions = [r.action for r in rows(app, select(audit_log.c.action).order_by(audit_log.c.id))]
    assert actions[-2:] == ["payout_requested", "paid"]


def test_a_staff_member_who_is_also_the_participant_is_refused(app: Flask) -> None:
    cora = str(uuid.uuid4())
    coordinator = staff(app, {"coordinator"}, cora)
    claim = adjustment(staff(app, {"coordinator"}), 2000)
    # Cora records in the console that she is also this participant.
    link = f"/api/payments/staff/{cora}/participant"
    assert coordinator.put(link, json={"participant_id": PARTICIPANT}).status_code == 204
    refused = coordinator.post(f"/api/payments/entitlements/{claim}/approve")
    assert refused.status_code == 422 and "themselves" in refused.json["message"]
    # Nobody else records it for her but an admin, and she cannot remove it herself.
    someone = staff(app, {"coordinator"})
    assert someone.put(link, json={"participant_id": str(uuid.uuid4())}).status_code == 403
    assert coordinator.delete(link).status_code == 403
    assert coordinator.put(link, json={"participant_id": "not-an-id"}).status_code == 422
    assert staff(app, {"admin"}).delete(link).status_code == 204
    approved = coordinator.post(f"/api/payments/entitlements/{claim}/approve")
    assert approved.status_code == 200 and approved.json["status"] == "approved"
    decisions = rows(app, select(audit_log.c.action, audit_log.c.actor))
    assert ("approved", cora) in [tuple(d) for d in decisions]
