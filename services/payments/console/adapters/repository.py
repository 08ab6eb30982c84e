"""Read-only queries for the staff approval console (/pay/manage): which entitlements are
expense claims, which wait for a bank account, why payouts failed, the audit trail, budgets."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.payments.adapters.orm import (
    activity_budgets,
    audit_log,
    entitlements,
    expense_claims,
    payout_attempts,
    payout_waits,
)
from services.payments.adapters.scope import owned, owned_entitlement


class SqlAlchemyConsole:
    def __init__(self, session: Session, organisation_id: str | None = None) -> None:
        self.session = session
        self.organisation_id = organisation_id  # the organisation in scope (adapters/scope.py)

    def claim_ids(self, entitlement_ids: list[str]) -> dict[str, str]:
        """entitlement id -> its expense claim's id (fees are absent)."""
        if not entitlement_ids:
            return {}
        c = expense_claims.c
        query = select(c.entitlement_id, c.id).where(c.entitlement_id.in_(entitlement_ids))
        return {e: claim for e, claim in self.session.execute(query)}

    def claim_sessions(self, entitlement_ids: list[str]) -> dict[str, Any]:
        """entitlement id of an expense claim -> the start of the session it is for (its fee's)."""
        if not entitlement_ids:
            return {}
        fees = entitlements.alias("fee")
        c, fee = expense_claims.c, fees.c
        query = (
            select(c.entitlement_id, fee.session_starts_at)
            .join(fees, fee.booking_id == c.booking_id)
            .where(c.entitlement_id.in_(entitlement_ids), fee.session_starts_at.is_not(None))
        )
        return {e: starts for e, starts in self.session.execute(query)}

    def waiting_for_bank(self, entitlement_ids: list[str]) -> set[str]:
        if not entitlement_ids:
            return set()
        w = payout_waits.c
        query = select(w.entitlement_id).where(w.entitlement_id.in_(entitlement_ids))
        return set(self.session.scalars(query))

    def failures(self, entitlement_ids: list[str]) -> dict[str, str]:
        """entitlement id -> the failure code of its latest failed payout attempt."""
        if not entitlement_ids:
            return {}
        p = payout_attempts.c
        query = (
            select(p.entitlement_id, p.failure_code)
            .where(p.entitlement_id.in_(entitlement_ids), p.status == "failed")
            .order_by(p.approval_version)
        )
        return {e: code or "" for e, code in self.session.execute(query)}  # the latest wins

    def audit(self, entitlement_id: str) -> list[dict[str, Any]]:
        a = audit_log.c
        query = select(a.action, a.actor, a.reason, a.at).where(a.entitlement_id == entitlement_id)
        query = query.where(owned_entitlement(a.entitlement_id, self.organisation_id))
        return [dict(r._mapping) for r in self.session.execute(query.order_by(a.id))]

    def attempts(self, entitlement_id: str) -> list[dict[str, Any]]:
        p = payout_attempts.c
        query = select(
            p.approval_version,
            p.status,
            p.transfer_id,
            p.failure_code,
            p.created_at,
            p.amount_reversed,
            p.bank_refused_code,
        ).where(p.entitlement_id == entitlement_id)
        query = query.where(owned_entitlement(p.entitlement_id, self.organisation_id))
        return [dict(r._mapping) for r in self.session.execute(query.order_by(p.created_at))]

    def payouts_of(self, participant_id: str) -> list[dict[str, Any]]:
        """Every payout attempt for the participant, oldest first (their data download)."""
        p = payout_attempts.c
        query = select(
            p.entitlement_id, p.amount_pence, p.status, p.failure_code, p.created_at, p.updated_at
        ).where(p.participant_id == participant_id)
        return [dict(r._mapping) for r in self.session.execute(query.order_by(p.created_at))]

    def budget_activities(self) -> list[str]:
        b = activity_budgets.c
        query = select(b.activity_id).where(owned(b.activity_id, self.organisation_id))
        query = query.order_by(b.activity_id)
        return list(self.session.scalars(query))
