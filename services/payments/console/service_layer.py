"""The staff approval console's use case: trying a failed payout again. Its read models (what
waits for a decision, one claim in full, every budget) are in console/adapters/views.py."""

from __future__ import annotations

from typing import Any

from services.payments.choices import service_layer as choices
from services.payments.entitlements.domain.model import ApprovalRefused
from services.payments.entitlements.service_layer import locked_entitlement
from services.payments.payouts.commands import RetryPayout
from services.payments.payouts.domain.payout import retry_failed
from services.payments.ports import Transfers
from shared.clock import Clock, utc_now


def retry_payout(
    entitlement_id: str, by: str, uow: Any, transfers: Transfers, clock: Clock = utc_now
) -> str:
    """Try a failed payout again (a new key), then pay it the way the participant chose."""
    with uow:
        entitlement = locked_entitlement(entitlement_id, uow)
        if uow.staff_links.participant_of(by) == entitlement.participant_id:
            raise ApprovalRefused("Nobody pays out a claim paying themselves.")
        retry_failed(entitlement, by, clock())
        uow.commit()
    return choices.request_payout(entitlement_id, by, uow, transfers, clock)


def retry(cmd: RetryPayout, uow: Any, transfers: Transfers, clock: Clock = utc_now) -> str:
    return retry_payout(cmd.entitlement_id, cmd.by, uow, transfers, clock)
