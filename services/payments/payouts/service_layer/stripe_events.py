"""What Stripe really sends about money that has left, each event id acted on once.

Checked against the stripe SDK's event list and stripe-mock: transfers send transfer.created,
transfer.updated and transfer.reversed (there is no transfer.paid or transfer.failed); a bank
refusing the money shows up on the participant's connected account as payout.failed, a Connect
event (the event's `account` names the account), and payout.paid once a payout reaches them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import structlog

from services.payments.domain.events import BankPayoutRefused
from services.payments.payouts.commands import RefuseWebhook, StripeNotice
from services.payments.payouts.domain.payout import PayoutAttempt
from services.payments.payouts.service_layer.payouts import settled
from services.payments.ports import UnitOfWork
from shared.clock import Clock, utc_now

log = structlog.get_logger("stripe_events")


def transfer_created(notice: StripeNotice, uow: UnitOfWork, clock: Clock = utc_now) -> bool:
    """The transfer is made: the money is in their Stripe account."""
    return _once(notice, uow, lambda a, now: a.confirmed(notice.object_id, now), clock)


def transfer_reversed(notice: StripeNotice, uow: UnitOfWork, clock: Clock = utc_now) -> bool:
    """All of it back fails the payout (staff may pay again); a part back is recorded."""
    total = notice.amount_reversed

    def reverse(attempt: PayoutAttempt, now: datetime) -> bool:
        changed = attempt.reversed(notice.object_id, total, now)
        if changed and attempt.status != "failed":
            uow.metrics.count("partly_reversed")
            log.warning("stripe.partly_reversed", payout_id=attempt.id, amount_reversed=total)
        return changed

    return _once(notice, uow, reverse, clock)


def payout_failed(notice: StripeNotice, uow: UnitOfWork, clock: Clock = utc_now) -> bool:
    """Their bank refused a payout from their connected account. Its claims are marked, and
    they are asked for new bank details; nothing is paid again (the money waits at Stripe).
    Stripe's payout carries no list of transfers, so it is matched to ours by account and
    time: the transfers to that account since the last payout.paid we heard of for it."""
    with uow:
        if not uow.stripe_events.first_time(notice.event_id, notice.event_type, clock()):
            return False
        account = notice.account or ""
        participant_id = uow.accounts.participant_of(account)
        if participant_id is None:
            log.warning("stripe.payout_failed_unknown_account", account=account)
        else:
            since = uow.accounts.last_payout_paid(account)
            claims = [
                a.entitlement_id
                # Stripe's times are whole seconds: a transfer in the same second counts.
                for a in uow.payouts.sent_to(account, since, notice.created + timedelta(seconds=1))
                if a.bank_refused(notice.failure_code or "payout.failed", clock())
            ]
            uow.metrics.count("bank_refused", len(claims))
            log.warning("stripe.bank_refused", account=account, claims=len(claims),
                        failure_code=notice.failure_code)  # fmt: skip
            if notice.amount > 0:
                code = notice.failure_code or "payout.failed"
                uow.events.append(
                    BankPayoutRefused(participant_id, notice.amount, code[:100], clock())
                )
        uow.commit()
        return True


def payout_paid(notice: StripeNotice, uow: UnitOfWork, clock: Clock = utc_now) -> bool:
    """A payout reached their bank: what was refused before has now reached them too."""
    with uow:
        if not uow.stripe_events.first_time(notice.event_id, notice.event_type, clock()):
            return False
        account = notice.account or ""
        uow.accounts.payout_paid(account, notice.created)
        for attempt in uow.payouts.refused_at_bank(account):
            attempt.bank_paid(clock())
        uow.commit()
        return True


def ignored(notice: StripeNotice, uow: UnitOfWork, clock: Clock = utc_now) -> bool:
    """Anything else Stripe sends (transfer.updated, payout.created...): recorded, no change."""
    with uow:
        first = uow.stripe_events.first_time(notice.event_id, notice.event_type, clock())
        uow.commit()
        return first


HANDLERS = {
    "transfer.created": transfer_created,
    "transfer.reversed": transfer_reversed,
    "payout.failed": payout_failed,
    "payout.paid": payout_paid,
}


def handle(notice: StripeNotice, uow: UnitOfWork, clock: Clock = utc_now) -> bool:
    """Apply one verified event; False if its id was handled before."""
    if notice.event_type.startswith("payout.") and not notice.account:
        return ignored(notice, uow, clock)  # a payout of our own platform balance, not a person's
    return HANDLERS.get(notice.event_type, ignored)(notice, uow, clock)


def _once(notice: StripeNotice, uow: UnitOfWork, change, clock: Clock) -> bool:  # type: ignore[no-untyped-def]
    with uow:
        now = clock()
        if not uow.stripe_events.first_time(notice.event_id, notice.event_type, now):
            return False
        attempt: PayoutAttempt | None = (
            uow.payouts.get(notice.payout_id) if notice.payout_id else None
        ) or uow.payouts.by_transfer(notice.object_id)
        if attempt is not None:
            settled(attempt, uow, lambda a: change(a, now), now)
        uow.commit()
        return True


def refuse(cmd: RefuseWebhook, uow: UnitOfWork, clock: Clock = utc_now) -> None:
    """A webhook call that failed its signature check is recorded (never acted on)."""
    with uow:
        uow.stripe_events.refused(cmd.reason, clock())
        uow.commit()
