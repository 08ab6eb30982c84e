"""Paying an approved claim through Stripe, exactly once, and hearing back from Stripe.

The attempt (with its idempotency key) is committed before Stripe is called; the outcome is
recorded in a second transaction. A crash in between leaves the attempt `started`, and sending
it again reuses the same key, so Stripe returns the first transfer instead of making another.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import structlog

from services.payments.entitlements.service_layer import NotFound, locked_entitlement
from services.payments.payouts.commands import ResumeStarted
from services.payments.payouts.domain.payout import PayoutAttempt
from services.payments.ports import TransferRefused, Transfers, TransferUncertain, UnitOfWork
from shared.clock import Clock, utc_now

log = structlog.get_logger("payouts")
# An attempt still `started` this long after it was committed lost its sender (crash, timeout).
RESEND_AFTER = timedelta(seconds=60)
# Stripe forgets idempotency keys after about 24 hours: past this, resending could pay twice,
# so an attempt this old is left for finance to check in Stripe's dashboard.
KEY_LIFETIME = timedelta(hours=23)
WAITING = "waiting_for_bank"  # approved, asked for, but their Stripe account is not ready yet


def request_payout(
    entitlement_id: str, by: str, uow: UnitOfWork, transfers: Transfers, clock: Clock = utc_now
) -> str:
    """Start (or resume) the payout of an approved claim; returns the attempt's status."""
    with uow:
        entitlement = locked_entitlement(entitlement_id, uow)
        key = f"payout-{entitlement.id}-v{entitlement.approval_version}"
        attempt = uow.payouts.by_key(key)
        if attempt is not None:
            # Someone asked already: their request sends it, or, if it stalled, we send again.
            stalled = attempt.updated_at < clock() - RESEND_AFTER
            if attempt.status != "started" or not stalled:
                return attempt.status
        else:
            destination = uow.accounts.get(entitlement.participant_id)
            if destination is None or not uow.accounts.ready(entitlement.participant_id):
                # Paid when Stripe says their account is ready (service_layer/onboarding.py).
                entitlement.check_payable(by)
                uow.payouts.wait(entitlement.id, entitlement.participant_id, by, clock())
                uow.commit()
                return WAITING
            key = entitlement.payout_started(by, clock())
            uow.payouts.stop_waiting(entitlement.id)
            attempt = PayoutAttempt.start(
                entitlement.id, entitlement.participant_id, entitlement.approval_version, key,
                entitlement.amount_pence, destination, by, clock(),
            )  # fmt: skip
            uow.payouts.add(attempt)
            uow.commit()  # before Stripe is called: a crash after the call retries this key
        payout_id = attempt.id  # read inside: leaving the unit of work expires what it loaded
    return send(payout_id, uow, transfers, clock)


def send(payout_id: str, uow: UnitOfWork, transfers: Transfers, clock: Clock = utc_now) -> str:
    with uow:
        attempt = uow.payouts.get(payout_id)
        if attempt is None:
            raise NotFound(payout_id)
        if attempt.status != "started":
            return attempt.status
        if attempt.created_at < clock() - KEY_LIFETIME:
            log.error("payout.key_expired_check_stripe", payout_id=payout_id)
            return "started"
        amount, destination, key = (
            attempt.amount_pence,
            attempt.destination,
            attempt.idempotency_key,
        )
    try:
        transfer_id = transfers.create(amount, destination, key, payout_id)
    except TransferUncertain as exc:
        log.warning("payout.uncertain", payout_id=payout_id, error=repr(exc))
        return "started"  # resumed later with the same key
    except TransferRefused as exc:
        code = exc.code
        return _settle(payout_id, uow, lambda a, now: a.failed(code, now), clock)
    return _settle(payout_id, uow, lambda a, now: a.sent(transfer_id, now), clock)


def resume_started(
    uow_factory: Callable[[], UnitOfWork],
    transfers: Transfers,
    quiet_for: timedelta,
    clock: Clock = utc_now,
) -> int:
    """Send again, with their own keys, attempts left `started` by a crash or a timeout."""
    with uow_factory() as uow:
        now = clock()
        waiting = uow.payouts.started_between(now - KEY_LIFETIME, now - quiet_for)
    for payout_id in waiting:
        send(payout_id, uow_factory(), transfers, clock)
    return len(waiting)


def _settle(
    payout_id: str,
    uow: UnitOfWork,
    change: Callable[[PayoutAttempt, datetime], bool],
    clock: Clock = utc_now,
) -> str:
    with uow:
        attempt = uow.payouts.get(payout_id)
        assert attempt is not None
        now = clock()
        settled(attempt, uow, lambda a: change(a, now), now)
        uow.commit()
        return attempt.status


def settled(
    attempt: PayoutAttempt, uow: UnitOfWork, change: Callable[[PayoutAttempt], bool], now: datetime
) -> None:
    """Apply a change to an attempt; once it is paid or failed, so is its claim."""
    if change(attempt) and attempt.status in ("paid", "failed"):
        uow.metrics.count(attempt.status)
        entitlement = uow.entitlements.get(attempt.entitlement_id)
        if entitlement is not None:
            entitlement.payout_settled(attempt.status == "paid", attempt.failure_code, now)


def resume(
    cmd: ResumeStarted, uow: UnitOfWork, uow_factory: Callable[[], UnitOfWork],
    transfers: Transfers, clock: Clock = utc_now,
) -> int:  # fmt: skip
    return resume_started(uow_factory, transfers, RESEND_AFTER, clock)
