"""A payment end to end, through real processes, the real broker and stripe-mock: attendance on
Kafka -> an entitlement -> the participant chooses a bank transfer on /pay -> a coordinator
approves -> finance pays out through Stripe -> Stripe's signed webhook -> paid, and the
participant hears about each step (the development outbox shows what they were sent)."""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
import stripe
from babel.dates import format_datetime
from flask import Flask
from itsdangerous import URLSafeTimedSerializer

from shared.pages.formats import LONDON, uk_money
from tests.e2e.conftest import STRIPE_WEBHOOK_SECRET, Stack
from tests.e2e.test_bookings import contact, outbox, publish
from tests.support import wait_until

SECRET_KEY = "e2e-test-only"  # as the stack runs


def signed_in(who: dict[str, Any]) -> tuple[requests.Session, str]:
    """A browser with Chorus's signed session cookie, and its CSRF token (as flask-wtf makes)."""
    raw = uuid.uuid4().hex
    app = Flask("e2e")
    app.secret_key = SECRET_KEY
    cookie = app.session_interface.get_signing_serializer(app).dumps(  # type: ignore[attr-defined]
        {**who, "csrf_token": raw}
    )
    browser = requests.Session()
    browser.cookies.set("chorus_session", cookie, domain="127.0.0.1")
    token = URLSafeTimedSerializer(SECRET_KEY, salt="wtf-csrf-token").dumps(raw)
    return browser, token


def staff(roles: list[str]) -> tuple[requests.Session, str]:
    now = datetime.now(UTC).isoformat()
    return signed_in({"staff": {"id": str(uuid.uuid4()), "name": "E2E", "roles": roles,
                                "issued_at": now}})  # fmt: skip


def attendance(
    bootstrap: str, pid: str, starts: datetime, activity: str | None = None, minutes: int = 90
) -> str:
    """AttendanceRecorded on scheduling.booking, as scheduling publishes it; the booking's id."""
    booking = str(uuid.uuid4())
    data = {
        "booking_id": booking,
        "participant_id": pid,
        "activity_id": activity or str(uuid.uuid4()),
        "session_id": str(uuid.uuid4()),
        "slot_id": str(uuid.uuid4()),
        "outcome": "attended",
        "minutes_attended": minutes,
        "session_minutes": minutes,
        "session_starts_at": starts,
        "recorded_by": str(uuid.uuid4()),
        "recorded_at": datetime.now(UTC),
        "activity_title": "Making GP appointments easier",
    }
    publish(bootstrap, "scheduling.booking", "AttendanceRecorded", "scheduling", data)
    return booking


def transfer_id(stack: Stack, entitlement_id: str) -> str:
    """The transfer stripe-mock made (its ids are random), as Stripe's webhook will name it."""
    with sqlite3.connect(stack.logs / "payments.db") as db:
        query = "SELECT transfer_id FROM payout_attempts WHERE entitlement_id = ?"
        return db.execute(query, (entitlement_id,)).fetchone()[0]


def connected_account(stack: Stack, participant_id: str) -> str:
    """The Express account stripe-mock made when they chose a bank transfer."""
    with sqlite3.connect(stack.logs / "payments.db") as db:
        query = "SELECT account_id FROM stripe_accounts WHERE participant_id = ?"
        return db.execute(query, (participant_id,)).fetchone()[0]


def stripe_webhook(base: str, event_type: str, obj: dict[str, Any]) -> requests.Response:
    event = {"id": f"evt_{uuid.uuid4().hex}", "object": "event", "type": event_type,
             "created": int(time.time()), "data": {"object": obj}}  # fmt: skip
    payload = json.dumps(event)
    header = stripe.WebhookSignature.generate_signature_header(  # type: ignore[attr-defined]
        payload, STRIPE_WEBHOOK_SECRET, int(time.time())
    )
    return requests.post(
        f"{base}/api/payments/stripe/webhook",
        data=payload,
        headers={"Stripe-Signature": header, "Content-Type": "application/json"},
        timeout=30,
    )


def test_attendance_to_paid_through_stripe_with_a_message_at_each_step(
    stack: Stack, bootstrap: str
) -> None:
    payments = stack.urls["payments"]
    pid = str(uuid.uuid4())
    email = f"pay-{pid[:8]}@example.test"
    contact(bootstrap, pid, email=email, preferred_name="Dee")
    starts = datetime.now(UTC) - timedelta(hours=2)
    attendance(bootstrap, pid, starts)

    coordinator, coordinator_token = staff(["coordinator"])
    listing = f"{payments}/api/payments/entitlements?participant_id={pid}"
    claims = wait_until(
        lambda: coordinator.get(listing, timeout=5).json(), timeout=60, what="the entitlement"
    )
    entitlement = claims[0]
    assert entitlement["status"] == "pending"

    browser, token = signed_in({"participant": {"id": pid, "issued_at": "2026-01-01"}})
    assert "Your payments" in browser.get(f"{payments}/pay", timeout=5).text
    chosen = browser.post(
        f"{payments}/pay/choice",
        data={"method": "bank", "csrf_token": token},
        allow_redirects=False,
        timeout=30,
    )
    assert chosen.status_code == 302, chosen.text
    onboarding = browser.get(f"{payments}/pay/bank", allow_redirects=False, timeout=30)
    assert onboarding.status_code == 303 and onboarding.headers["Location"].startswith("https://")
    # They finish onboarding at Stripe, which tells us so: now the account can be paid.
    ready = {"id": connected_account(stack, pid), "object": "account",
             "details_submitted": True, "payouts_enabled": True}  # fmt: skip
    hook = stripe_webhook(payments, "account.updated", ready)
    assert hook.status_code == 200, hook.text

    approve = f"{payments}/api/payments/entitlements/{entitlement['id']}/approve"
    approved = coordinator.post(approve, headers={"X-CSRFToken": coordinator_token}, timeout=10)
    assert approved.status_code == 200 and approved.json()["status"] == "approved", approved.text

    finance, finance_token = staff(["finance_approver"])
    payout = f"{payments}/api/payments/entitlements/{entitlement['id']}/payout"
    sent = finance.post(payout, headers={"X-CSRFToken": finance_token}, timeout=30)
    assert sent.status_code == 202 and sent.json()["status"] == "sent", sent.text

    transfer = {"id": transfer_id(stack, entitlement["id"]), "object": "transfer"}
    hook = stripe_webhook(payments, "transfer.created", transfer)  # what Stripe sends
    assert hook.status_code == 200 and hook.json()["status"] == "handled", hook.text
    paid = coordinator.get(listing, timeout=5).json()[0]
    assert paid["status"] == "paid"

    amount = uk_money(entitlement["amount_pence"])
    day = format_datetime(starts, "EEEE d MMMM", tzinfo=LONDON, locale="en")  # the session's
    wanted = (
        "/pay/bank",  # BankDetailsRequested: where to give Stripe their details
        f"We have approved {amount} for your time on {day}.",  # ClaimApproved, by bank
        f"We have sent {amount} to your bank account.",  # PayoutSent
    )

    def all_sent() -> list[dict] | None:
        messages = outbox(stack, email)
        bodies = " ".join(m.get("body", "") for m in messages)
        return messages if all(words in bodies for words in wanted) else None

    messages = wait_until(all_sent, timeout=60, what="the payment messages")
    approval = next(m for m in messages if "approved" in m["body"])
    assert "within 3 working days" in approval["body"]
