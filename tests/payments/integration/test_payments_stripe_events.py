"""Stripe's real failure events at payments' signed webhook, shaped by stripe-mock's own
objects: a part reversal is recorded and never pays the whole again, a full reversal fails the
payout, and a bank refusing a connected account's payout (a Connect event) marks the claims
and asks the person for new bank details."""

from __future__ import annotations

import json
import time
from typing import Any

import stripe
from flask import Flask
from sqlalchemy import select

from services.payments.adapters.orm import audit_log, ledger_entries, payout_attempts
from tests.payments.integration.test_payments_api import (  # noqa: F401 (fixtures)
    PARTICIPANT,
    app,
    paid_out,
    proxy,
    published,
    rows,
    signed,
)
from tests.stripe_recording_proxy import STRIPE_MOCK
from tests.support import staff_client as staff

MOCK = stripe.StripeClient("sk_test_123", base_addresses={"api": STRIPE_MOCK})
WEBHOOK = "/api/payments/stripe/webhook"


def deliver(app: Flask, event_type: str, obj: Any, account: str | None = None) -> Any:  # noqa: F811
    event = {"id": f"evt_{time.time_ns()}", "object": "event", "type": event_type,
             "created": int(time.time()), "data": {"object": obj}}  # fmt: skip
    if account:
        event["account"] = account
    payload = json.dumps(event)
    answer = app.test_client().post(
        WEBHOOK, data=payload, headers=signed(payload, int(time.time()))
    )
    assert answer.status_code == 200, answer.json
    return answer


def our_transfer(app: Flask, claim: str) -> dict[str, Any]:  # noqa: F811
    """stripe-mock's transfer object, with our transfer's id, amount and payout id."""
    [attempt] = rows(app, select(payout_attempts).where(payout_attempts.c.entitlement_id == claim))
    obj = MOCK.v1.transfers.retrieve(attempt.transfer_id).to_dict()
    assert "amount_reversed" in obj and "reversed" in obj  # the fields Stripe really sends
    return {**obj, "id": attempt.transfer_id, "amount": attempt.amount_pence,
            "metadata": {"payout_id": attempt.id}}  # fmt: skip


def history(app: Flask, claim: str) -> tuple[list[str], list[tuple[str, int]]]:  # noqa: F811
    audit = rows(app, select(audit_log.c.action).where(audit_log.c.entitlement_id == claim))
    ledger = rows(
        app,
        select(ledger_entries.c.kind, ledger_entries.c.amount_pence).where(
            ledger_entries.c.entitlement_id == claim
        ),
    )
    return [a.action for a in audit], [tuple(x) for x in ledger]


def status(app: Flask, claim: str) -> str:  # noqa: F811
    found = staff(app, {"coordinator"}).get(
        f"/api/payments/entitlements?participant_id={PARTICIPANT}"
    )
    return next(e["status"] for e in found.json if e["id"] == claim)


def test_a_part_reversal_is_recorded_and_never_pays_the_whole_again(app: Flask) -> None:  # noqa: F811
    claim = paid_out(app, 2000)
    transfer = our_transfer(app, claim)
    deliver(app, "transfer.created", transfer)
    assert status(app, claim) == "paid"
    deliver(app, "transfer.reversed", {**transfer, "amount_reversed": 500, "reversed": False})
    actions, ledger = history(app, claim)
    assert actions[-1] == "partly_reversed" and ledger[-1] == ("reversed", 500)
    page = staff(app, {"finance_approver"}).get(f"/pay/manage/claims/{claim}").get_data(True)
    assert "£5.00 of this payment came back from Stripe" in page and "£5.00 back so far" in page
    assert status(app, claim) == "paid"  # staff decide what is still owed
    assert len(rows(app, select(payout_attempts.c.id))) == 1  # nothing was paid again
    # The rest comes back later: now the payout has failed, and the ledger holds 2000 back.
    deliver(app, "transfer.reversed", {**transfer, "amount_reversed": 2000, "reversed": True})
    _, ledger = history(app, claim)
    assert sum(amount for kind, amount in ledger if kind == "reversed") == 2000
    assert status(app, claim) == "failed"


def test_a_bank_refusing_the_payout_marks_the_claim_and_asks_for_new_details(
    app: Flask,  # noqa: F811
) -> None:
    claim = paid_out(app, 2000)
    deliver(app, "transfer.created", our_transfer(app, claim))
    payout = MOCK.v1.payouts.retrieve("po_123").to_dict()  # stripe-mock's payout object
    assert "failure_code" in payout and "failure_message" in payout
    refused = {**payout, "amount": 2000, "status": "failed", "failure_code": "account_closed",
               "failure_message": "The bank account has been closed.",
               "created": int(time.time())}  # fmt: skip
    deliver(app, "payout.failed", refused)  # our own platform's payout: not a person's
    assert "BankPayoutRefused" not in published(app)
    deliver(app, "payout.failed", refused, account="acct_123")
    actions, _ = history(app, claim)
    assert actions[-1] == "bank_refused"
    page = staff(app, {"finance_approver"}).get(f"/pay/manage/claims/{claim}").get_data(True)
    assert "Their bank sent the money back" in page and "Their bank account is closed." in page
    assert published(app).count("BankPayoutRefused") == 1
    assert "PayoutFailed" not in published(app)  # the money waits at Stripe: not failed
    assert status(app, claim) == "paid" and len(rows(app, select(payout_attempts.c.id))) == 1
    deliver(app, "payout.paid", {**payout, "status": "paid"}, account="acct_123")
    actions, _ = history(app, claim)
    assert actions[-1] == "bank_paid"
