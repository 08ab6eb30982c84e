"""Stripe Connect onboarding finishing: the account becomes ready, and waiting payouts are paid.

`account.updated` is applied once per Stripe event id and never lets an older update overwrite a
newer one. Payouts asked for while the account was not ready are then paid the way the
participant chose, each through the usual attempt record and idempotency key, so a repeated
webhook, or the consumer's sweep racing it, can never pay twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import structlog

from services.payments.choices import service_layer as choices
from services.payments.entitlements.domain.model import ApprovalRefused
from services.payments.entitlements.service_layer import NotFound
from services.payments.payouts.commands import PayWaiting, UpdateAccount
from services.payments.ports import Transfers
from shared.clock import Clock, utc_now

log = structlog.get_logger("onboarding")


def account_updated(
    event_id: str,
    account_id: str,
    details_submitted: bool,
    payouts_enabled: bool,
    at: datetime,
    uow: Any,
    clock: Clock = utc_now,
) -> str | None:
    """Record Stripe's news; returns the participant id if their account is ready now."""
    with uow:
        if not uow.stripe_events.first_time(event_id, "account.updated", clock()):
            return None
        status = uow.accounts.status_of(account_id)
        if status is None:
            uow.commit()  # not one of ours (or forgotten): remember the event id only
            return None
        status.update(details_submitted, payouts_enabled, at)
        uow.accounts.save_status(status)
        uow.commit()
        return status.participant_id if status.ready else None


def pay_waiting(
    participant_id: str | None,
    uow_factory: Callable[[], Any],
    transfers: Transfers,
    clock: Clock = utc_now,
) -> dict[str, str]:
    """Pay the waiting payouts of people whose accounts are ready; entitlement id -> status."""
    with uow_factory() as uow:
        waiting = uow.payouts.waiting(participant_id)
    done = {}
    for entitlement_id, requested_by in waiting:
        try:
            done[entitlement_id] = choices.request_payout(
                entitlement_id, requested_by, uow_factory(), transfers, clock
            )
        except (ApprovalRefused, NotFound) as exc:
            # Rejected, declined or paid some other way since: there is nothing left to send.
            log.info("payout_wait.dropped", entitlement_id=entitlement_id, reason=str(exc))
            with uow_factory() as uow:
                uow.payouts.stop_waiting(entitlement_id)
                uow.commit()
            done[entitlement_id] = "dropped"
    return done


def update_account(
    cmd: UpdateAccount, uow: Any, uow_factory: Callable[[], Any], transfers: Transfers,
    clock: Clock = utc_now,
) -> dict[str, str]:  # fmt: skip
    """account.updated; once the account is ready, what waited for it is paid (id -> status)."""
    ready = account_updated(
        cmd.event_id, cmd.account_id, cmd.details_submitted, cmd.payouts_enabled, cmd.at, uow, clock
    )
    return pay_waiting(ready, uow_factory, transfers, clock) if ready else {}


def pay_ready(
    cmd: PayWaiting, uow: Any, uow_factory: Callable[[], Any], transfers: Transfers,
    clock: Clock = utc_now,
) -> dict[str, str]:  # fmt: skip
    return pay_waiting(cmd.participant_id, uow_factory, transfers, clock)
