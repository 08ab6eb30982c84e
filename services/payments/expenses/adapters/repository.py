"""Expense policies, claims (with lines and receipts), budgets, spend and the ledger export."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.payments.adapters.orm import (
    activity_budgets,
    entitlements,
    expense_claims,
    expense_lines,
    expense_policies,
    expense_receipts,
    ledger_entries,
    payout_attempts,
)
from services.payments.adapters.scope import owned
from services.payments.expenses.domain.budget import SPENT_STATUSES, Budget
from services.payments.expenses.domain.expenses import (
    CATEGORIES,
    ExpenseClaim,
    ExpensePolicy,
    PricedLine,
    Receipt,
)
from shared.db import sqlite_write_lock

LIMITED = tuple(c for c in CATEGORIES if c != "mileage")


class SqlAlchemyExpenseRepository:
    def __init__(self, session: Session, organisation_id: str | None = None) -> None:
        self.session = session
        self.organisation_id = organisation_id  # the organisation in scope (adapters/scope.py)
        self.seen: list[Any] = []  # claims and budgets whose events the unit of work announces

    # Policies
    def policy(self, activity_id: str) -> ExpensePolicy | None:
        row = self.session.execute(
            select(expense_policies)
            .where(expense_policies.c.activity_id == activity_id)
            .where(owned(expense_policies.c.activity_id, self.organisation_id))
        ).first()
        if row is None:
            return None
        m = row._mapping
        limits = {c: m[f"{c}_limit_pence"] for c in LIMITED if m[f"{c}_limit_pence"] is not None}
        covered = tuple(c for c in m["covered"].split(",") if c)
        return ExpensePolicy(
            activity_id, covered, m["mileage_pence_per_mile"], limits, m["updated_by"],
            m["updated_at"],
        )  # fmt: skip

    def save_policy(self, policy: ExpensePolicy) -> None:
        values: dict[str, Any] = {
            "covered": ",".join(policy.covered),
            "mileage_pence_per_mile": policy.mileage_pence_per_mile,
            "updated_by": policy.updated_by,
            "updated_at": policy.updated_at,
        }
        for category in LIMITED:
            values[f"{category}_limit_pence"] = policy.limits_pence.get(category)
        table = expense_policies
        if self.policy(policy.activity_id) is None:
            self.session.execute(table.insert().values(activity_id=policy.activity_id, **values))
        else:
            where = table.c.activity_id == policy.activity_id
            self.session.execute(table.update().where(where).values(**values))

    # Claims
    def add(self, claim: ExpenseClaim) -> None:
        self.session.execute(
            expense_claims.insert().values(
                id=claim.id, entitlement_id=claim.entitlement_id,
                participant_id=claim.participant_id, activity_id=claim.activity_id,
                booking_id=claim.booking_id, total_pence=claim.total_pence,
                created_by=claim.created_by, created_at=claim.created_at,
            )
        )  # fmt: skip
        for line in claim.lines:
            self.session.execute(
                expense_lines.insert().values(
                    claim_id=claim.id, category=line.category, amount_pence=line.amount_pence,
                    miles=line.miles, prior_approval=line.prior_approval, note=line.note,
                    spent_on=line.spent_on,
                )
            )  # fmt: skip
        for receipt in claim.receipts:
            self.session.execute(
                expense_receipts.insert().values(
                    claim_id=claim.id, sha256=receipt.sha256,
                    content_type=receipt.content_type, size_bytes=receipt.size_bytes,
                )
            )  # fmt: skip
        self.seen.append(claim)

    def by_booking(self, booking_id: str) -> str | None:
        query = select(expense_claims.c.id).where(expense_claims.c.booking_id == booking_id)
        return self.session.execute(query).scalar_one_or_none()

    def claimed(self, booking_ids: list[str]) -> set[str]:
        """Which of these bookings already have an expense claim: one query for them all."""
        if not booking_ids:
            return set()
        query = select(expense_claims.c.booking_id).where(
            expense_claims.c.booking_id.in_(booking_ids)
        )
        return set(self.session.execute(query).scalars())

    def get(self, claim_id: str) -> ExpenseClaim | None:
        row = self.session.execute(
            select(expense_claims)
            .where(expense_claims.c.id == claim_id)
            .where(owned(expense_claims.c.activity_id, self.organisation_id))
        ).first()
        if row is None:
            return None
        m = row._mapping
        lines = [
            PricedLine(r.category, r.amount_pence, r.miles, r.prior_approval, r.note, r.spent_on)
            for r in self.session.execute(
                select(expense_lines)
                .where(expense_lines.c.claim_id == claim_id)
                .order_by(expense_lines.c.id)
            )
        ]
        receipts = [
            Receipt(r.sha256, r.content_type, r.size_bytes)
            for r in self.session.execute(
                select(expense_receipts)
                .where(expense_receipts.c.claim_id == claim_id)
                .order_by(expense_receipts.c.id)
            )
        ]
        return ExpenseClaim(
            m["id"], m["participant_id"], m["activity_id"], m["booking_id"], lines, receipts,
            m["created_by"], m["created_at"], m["entitlement_id"],
        )  # fmt: skip

    def claimed_categories(self, entitlement_ids: list[str]) -> dict[str, list[str]]:
        """entitlement id -> the categories its expense claim covers (fees are absent)."""
        if not entitlement_ids:
            return {}
        query = (
            select(expense_claims.c.entitlement_id, expense_lines.c.category)
            .join(expense_lines, expense_lines.c.claim_id == expense_claims.c.id)
            .where(expense_claims.c.entitlement_id.in_(entitlement_ids))
        )
        found: dict[str, set[str]] = {}
        for entitlement_id, category in self.session.execute(query):
            found.setdefault(entitlement_id, set()).add(category)
        return {k: sorted(v) for k, v in found.items()}

    # Budgets
    def budget(self, activity_id: str, for_update: bool = False) -> Budget | None:
        # Locked when money moves: two approvals at once then warn once, not twice.
        query = select(activity_budgets).where(
            activity_budgets.c.activity_id == activity_id,
            owned(activity_budgets.c.activity_id, self.organisation_id),
        )
        if for_update:
            sqlite_write_lock(self.session)
        row = self.session.execute(query.with_for_update() if for_update else query).first()
        if row is None:
            return None
        m = row._mapping
        budget = Budget(
            activity_id, m["budget_pence"], m["updated_by"], m["updated_at"], m["warned_80"],
            m["warned_100"],
        )  # fmt: skip
        self.seen.append(budget)
        return budget

    def save_budget(self, budget: Budget, new: bool) -> None:
        values = {
            "budget_pence": budget.budget_pence,
            "warned_80": budget.warned_80,
            "warned_100": budget.warned_100,
            "updated_by": budget.updated_by,
            "updated_at": budget.updated_at,
        }
        table = activity_budgets
        if new:
            self.session.execute(table.insert().values(activity_id=budget.activity_id, **values))
            self.seen.append(budget)
        else:
            where = table.c.activity_id == budget.activity_id
            self.session.execute(table.update().where(where).values(**values))

    def spent(self, activity_id: str) -> int:
        """Approved money for the activity (fees and expenses), in pence."""
        self.session.flush()  # approvals made in this unit of work count
        query = select(func.coalesce(func.sum(entitlements.c.amount_pence), 0)).where(
            entitlements.c.activity_id == activity_id,
            entitlements.c.status.in_(SPENT_STATUSES),
        )
        return int(self.session.execute(query).scalar_one())

    def pending(self, activity_id: str) -> int:
        query = select(func.coalesce(func.sum(entitlements.c.amount_pence), 0)).where(
            entitlements.c.activity_id == activity_id,
            entitlements.c.status.in_(("pending", "awaiting_finance")),
        )
        return int(self.session.execute(query).scalar_one())

    # Finance export
    def ledger_rows(self, since: datetime, until: datetime) -> list[dict[str, Any]]:
        """Ledger entries in [since, until), oldest first, with their entitlement's details."""
        query = (
            select(
                ledger_entries.c.id,
                ledger_entries.c.at,
                ledger_entries.c.entitlement_id,
                ledger_entries.c.participant_id,
                ledger_entries.c.kind,
                ledger_entries.c.amount_pence,
                ledger_entries.c.reference,
                entitlements.c.activity_id,
                entitlements.c.status,
            )
            .join(entitlements, entitlements.c.id == ledger_entries.c.entitlement_id)
            .where(ledger_entries.c.at >= since, ledger_entries.c.at < until)
            .where(owned(entitlements.c.activity_id, self.organisation_id))
            .order_by(ledger_entries.c.at, ledger_entries.c.id)
        )
        rows = [dict(r._mapping) for r in self.session.execute(query)]
        ids = sorted({r["entitlement_id"] for r in rows})
        transfers: dict[str, str] = {}
        if ids:
            paid = (
                select(payout_attempts.c.entitlement_id, payout_attempts.c.transfer_id)
                .where(
                    payout_attempts.c.entitlement_id.in_(ids),
                    payout_attempts.c.transfer_id.is_not(None),
                )
                .order_by(payout_attempts.c.created_at)
            )
            transfers = {e: t for e, t in self.session.execute(paid)}
        categories = self.claimed_categories(ids)
        for row in rows:
            row["transfer_id"] = transfers.get(row["entitlement_id"])
            row["categories"] = categories.get(row["entitlement_id"])
        return rows
