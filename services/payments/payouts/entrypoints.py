"""Stripe's webhook: POST /api/payments/stripe/webhook, public but signed.

The SDK checks the signature and refuses timestamps older than the tolerance; it does not look
at timestamps from the future, so we refuse those too (a captured request replayed later must
not be made valid by a clock set ahead). Refusals are a 400, a log line and a count
(shared/webhook_rejections.py; a row in stripe_webhook_rejections for the first few each
hour); each event id is acted on once.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import stripe
import structlog
from flask import Blueprint, request

from services.payments.payouts.commands import RefuseWebhook, StripeNotice, UpdateAccount
from services.payments.web import bus, settings

TOLERANCE_SECONDS = 300
log = structlog.get_logger("stripe_webhook")

stripe_hooks = Blueprint("stripe", __name__)


def verified_event(payload: str, header: str, secret: str, now: float) -> dict[str, Any]:
    """The event Stripe signed; raises SignatureVerificationError or ValueError otherwise."""
    if not secret:
        raise stripe.SignatureVerificationError("no webhook secret configured", header)
    event = stripe.Webhook.construct_event(payload, header, secret, tolerance=TOLERANCE_SECONDS)
    stamps = [int(part[2:]) for part in header.split(",") if part.startswith("t=")]
    if not stamps or stamps[0] > now + TOLERANCE_SECONDS:
        raise stripe.SignatureVerificationError("timestamp from the future", header)
    return event.to_dict()


@stripe_hooks.post("/api/payments/stripe/webhook")
def stripe_webhook() -> tuple[dict[str, str], int]:
    payload = request.get_data(as_text=True)
    header = request.headers.get("Stripe-Signature", "")
    secret = str(settings().stripe_webhook_secret)
    try:
        event = verified_event(payload, header, secret, time.time())
    except (stripe.SignatureVerificationError, ValueError) as exc:
        reason = str(exc).split("\n")[0] or type(exc).__name__
        bus().handle(RefuseWebhook(reason))
        return {"error": "signature refused"}, 400
    if not event.get("id") or not event.get("type"):
        return {"error": "not an event"}, 400
    if event["type"] == "account.updated":
        return _account_updated(event)
    first = bus().handle(notice_of(event))
    return {"status": "handled" if first else "already handled"}, 200


def notice_of(event: dict[str, Any]) -> StripeNotice:
    """The fields payments acts on, from a transfer or payout event."""
    found = (event.get("data") or {}).get("object") or {}
    metadata = found.get("metadata") or {}
    return StripeNotice(
        event_id=str(event["id"]),
        event_type=str(event["type"]),
        account=event.get("account") or None,
        object_id=str(found.get("id", "")),
        created=_created(found.get("created") or event.get("created")),
        amount=_pence(found.get("amount")),
        amount_reversed=_pence(found.get("amount_reversed")),
        payout_id=metadata.get("payout_id") if isinstance(metadata, dict) else None,
        failure_code=str(found["failure_code"]) if found.get("failure_code") else None,
    )


def _pence(value: Any) -> int:
    return value if isinstance(value, int) and value > 0 else 0


def _created(value: Any) -> datetime:
    return datetime.fromtimestamp(value, UTC) if isinstance(value, int) else datetime.now(UTC)


def _account_updated(event: dict[str, Any]) -> tuple[dict[str, str], int]:
    """Onboarding moved on; once the account is ready, payouts waiting for it are sent."""
    account = (event.get("data") or {}).get("object") or {}
    at = _created(event.get("created"))
    paid = bus().handle(
        UpdateAccount(
            str(event["id"]),
            str(account.get("id", "")),
            account.get("details_submitted") is True,
            account.get("payouts_enabled") is True,
            at,
        )
    )
    if paid:
        log.info("stripe_webhook.account_ready", waiting_paid=len(paid))
    return {"status": "handled"}, 200
