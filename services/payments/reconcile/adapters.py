"""Our side of reconciliation: payouts Stripe made, with what the ledger says left for each."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.payments.adapters.orm import ledger_entries, payout_attempts
from services.payments.adapters.scope import owned_entitlement
from services.payments.reconcile.domain import OurPayout


class SqlAlchemyReconciliation:
    def __init__(self, session: Session, organisation_id: str | None = None) -> None:
        self.session = session
        self.organisation_id = organisation_id  # the organisation in scope (adapters/scope.py)

    def settled_between(self, since: datetime, until: datetime) -> list[OurPayout]:
        """Payouts asked for in [since, until) that Stripe made (sent, or paid by its webhook)."""
        p = payout_attempts.c
        query = (
            select(p.id, p.transfer_id, p.amount_pence, p.destination)
            .where(p.status.in_(("sent", "paid")), p.transfer_id.is_not(None))
            .where(p.created_at >= since, p.created_at < until)
            .where(owned_entitlement(p.entitlement_id, self.organisation_id))
        )
        rows = self.session.execute(query).all()
        ids = [row.transfer_id for row in rows]
        ledger: dict[str, int] = {}
        if ids:
            entries = (
                select(ledger_entries.c.reference, func.sum(ledger_entries.c.amount_pence))
                .where(ledger_entries.c.kind == "paid_out", ledger_entries.c.reference.in_(ids))
                .group_by(ledger_entries.c.reference)
            )
            ledger = {ref: -int(total) for ref, total in self.session.execute(entries)}
        return [
            OurPayout(
                row.id,
                row.transfer_id,
                row.amount_pence,
                row.destination,
                ledger.get(row.transfer_id, 0),
            )
            for row in rows
        ]
