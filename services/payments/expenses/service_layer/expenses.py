"""Expense claims, expense policies and activity budgets, one use case per function.

A claim is checked in full (attendance, every line's rules, every receipt's type and size)
before anything is written; receipt files are written only then, and removed again if the
transaction does not commit. The claim becomes an entitlement of its own, apart from the fee,
so it goes through the same four-eyes approval, payout and ledger.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from services.payments.entitlements.domain.model import Entitlement
from services.payments.entitlements.service_layer import in_scope, require_in_scope
from services.payments.expenses.commands import SetBudget, SetExpensePolicy, SubmitClaim
from services.payments.expenses.domain.budget import Budget
from services.payments.expenses.domain.expenses import (
    ExpenseClaim,
    ExpensePolicy,
    ExpenseRejected,
    Receipt,
)
from shared.clock import Clock, utc_now


class Receipts(Protocol):
    def check(self, files: list[bytes]) -> list[Receipt]: ...
    def save(self, data: bytes) -> tuple[str, bool]: ...
    def remove(self, sha256: str) -> None: ...


def outcome_of(fee: Entitlement | None) -> str | None:
    """The attendance outcome behind a fee entitlement (its basis starts with it)."""
    if fee is None or not fee.booking_id:  # a fee with a booking came from attendance
        return None
    return fee.basis.split(":", 1)[0]


def attendance_of(
    participant_id: str, booking_id: str, uow: Any
) -> tuple[str | None, str, datetime | None]:
    """(outcome, activity id, session start) of their attendance; (None, "", None) if unknown.
    Attendance is kept apart from fees since 0010; older records only have the fee's basis."""
    found = uow.directory.attendance(booking_id)
    if found is not None and found["participant_id"] == participant_id:
        if not in_scope(found["activity_id"], uow):
            return None, "", None  # another organisation's session: as if unknown
        return found["outcome"], found["activity_id"], found["session_starts_at"]
    fee = uow.entitlements.by_booking(booking_id)
    if fee is None or fee.participant_id != participant_id:
        return None, "", None  # someone else's booking: say no more than "no record"
    return outcome_of(fee), fee.activity_id, fee.session_starts_at


def submit_claim(
    cmd: SubmitClaim, files: list[bytes], uow: Any, store: Receipts, clock: Clock = utc_now
) -> str:
    receipts = store.check(files)  # nothing is written unless every file passes
    written: list[str] = []
    try:
        with uow:
            outcome, activity_id, starts = attendance_of(cmd.participant_id, cmd.booking_id, uow)
            policy = uow.expenses.policy(activity_id) or ExpensePolicy(activity_id)
            now = clock()
            claim = ExpenseClaim.submit(
                cmd.participant_id, activity_id, cmd.booking_id, outcome, cmd.lines, receipts,
                policy, cmd.by, now, uow.policies.get(activity_id),
            )  # fmt: skip
            if uow.expenses.by_booking(cmd.booking_id) is not None:
                raise ExpenseRejected(
                    "booking_id", "Expenses for this session have already been claimed.", True
                )
            if claim.total_pence <= 0:
                raise ExpenseRejected("lines", "There is nothing to pay on this claim.")
            entitlement = Entitlement.adjustment(
                cmd.participant_id, activity_id, claim.total_pence, "expenses", cmd.by, now
            )
            entitlement.basis = claim.basis
            entitlement.session_starts_at = starts  # the session's day, with or without a fee
            claim.submitted(entitlement.id)
            for data in files:
                sha256, created = store.save(data)
                if created:
                    written.append(sha256)
            uow.entitlements.add(entitlement)
            uow.expenses.add(claim)
            uow.commit()
            return claim.id
    except BaseException:
        for sha256 in written:
            store.remove(sha256)
        raise


def set_expense_policy(cmd: SetExpensePolicy, uow: Any, clock: Clock = utc_now) -> None:
    policy = ExpensePolicy(  # validates before anything changes
        cmd.activity_id, tuple(cmd.covered), cmd.mileage_pence_per_mile, dict(cmd.limits_pence),
        cmd.by, clock(),
    )  # fmt: skip
    with uow:
        require_in_scope(cmd.activity_id, uow)
        uow.expenses.save_policy(policy)
        uow.commit()


def set_budget(
    activity_id: str, budget_pence: int, by: str, uow: Any, clock: Clock = utc_now
) -> None:
    now = clock()
    fresh = Budget(activity_id, budget_pence, by, now)  # validates
    with uow:
        require_in_scope(activity_id, uow)
        budget = uow.expenses.budget(activity_id, for_update=True)
        new = budget is None
        if budget is None:
            budget = fresh
        else:
            budget.budget_pence, budget.updated_by, budget.updated_at = budget_pence, by, now
        spent = uow.expenses.spent(activity_id)
        # A bigger budget re-arms the warnings that spend no longer reaches.
        budget.warned_80 = budget.warned_80 and spent * 100 >= 80 * budget_pence
        budget.warned_100 = budget.warned_100 and spent >= budget_pence
        budget.observe(spent, now)
        uow.expenses.save_budget(budget, new)
        uow.commit()


def claim_expenses(cmd: SubmitClaim, uow: Any, receipts: Receipts, clock: Clock = utc_now) -> str:
    return submit_claim(cmd, list(cmd.files), uow, receipts, clock)


def change_budget(cmd: SetBudget, uow: Any, clock: Clock = utc_now) -> None:
    set_budget(cmd.activity_id, cmd.budget_pence, cmd.by, uow, clock)
