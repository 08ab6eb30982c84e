"""The reconciliation job: compare what left through Stripe by our records with Stripe's own.

Stripe's list is read with an hour's margin either side, so a transfer made just across the
period's edge (our clock, theirs) is still matched, and reported as unknown only if it was
created inside the period.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any, Protocol

from services.payments.reconcile.commands import Reconcile
from services.payments.reconcile.domain import StripeTransfer, compare

MARGIN = timedelta(hours=1)


class TransferList(Protocol):
    def transfers_between(self, since: datetime, until: datetime) -> list[StripeTransfer]:
        """Stripe's transfers created in [since, until); raises TransferUncertain if unreachable."""
        ...


def reconcile(since: datetime, until: datetime, uow: Any, stripe: TransferList) -> dict[str, Any]:
    with uow:
        ours = uow.reconciliation.settled_between(since, until)
    theirs = stripe.transfers_between(since - MARGIN, until + MARGIN)
    inside = {t.transfer_id for t in theirs if since <= t.created < until}
    differences = [
        d for d in compare(ours, theirs) if d.kind != "unknown_to_us" or d.transfer_id in inside
    ]
    return {
        "since": since,
        "until": until,
        "our_payouts": len(ours),
        "stripe_transfers": len(inside),
        "differences": [asdict(d) for d in differences],
    }


def reconcile_period(cmd: Reconcile, uow: Any, transfers: TransferList) -> dict[str, Any]:
    return reconcile(cmd.since, cmd.until, uow, transfers)
