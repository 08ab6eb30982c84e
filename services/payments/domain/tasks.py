"""What staff must do next, as tasks other services can tell them about (PaymentsStaffTask):
a claim waiting for a coordinator or a finance approver, and a budget nearly or fully spent.

A task's id is stable for its kind and subject, so each new state replaces the last on the
compacted topic. Tasks carry no participant's identity: only ids of staff kept out of them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from services.payments.domain.events import BudgetWarning, Decision
from services.payments.entitlements.domain.model import (
    COORDINATOR_ROLES,
    FINANCE_ROLES,
    Entitlement,
)

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://chorus.nhs.uk/payments/staff-tasks")
COORDINATOR, FINANCE = "claim_needs_coordinator", "claim_needs_finance"
# Decisions that move a claim between waiting for someone and not (payout steps do not).
MOVES = frozenset({"created", "approved", "finance_approved", "rejected", "withdrawn"}) | {
    "declined", "reopened",
}  # fmt: skip


def task_id(kind: str, subject: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{subject}"))


@dataclass(frozen=True)
class StaffTask:
    task_id: str
    kind: str
    state: str  # open or done
    activity_id: str
    roles: list[str]
    path: str
    urgent: bool
    changed_at: datetime
    not_for_staff_ids: list[str] = field(default_factory=list)
    amount_pence: int | None = None
    budget_pence: int | None = None
    starts_at: datetime | None = None


def claim_tasks(e: Entitlement, keep_out: list[str], now: datetime) -> list[StaffTask]:
    """The claim's two tasks as they stand after this change; none if nothing moved it."""
    actions = {x.action for x in e.events if isinstance(x, Decision)}
    if not actions & MOVES:
        return []
    coordinator = "open" if e.status == "pending" else "done"
    states = [(COORDINATOR, coordinator, COORDINATOR_ROLES)]
    # Finance's task exists once a coordinator approved a claim over the limit.
    closed_after_approval = bool(e.approved_by) and bool(actions & (MOVES - {"approved"}))
    if e.status == "awaiting_finance" or closed_after_approval:
        finance = "open" if e.status == "awaiting_finance" else "done"
        states.append((FINANCE, finance, FINANCE_ROLES))
    path = f"/pay/manage/claims/{e.id}"
    found = []
    for kind, state, roles in states:
        found.append(
            StaffTask(
                task_id(kind, e.id), kind, state, e.activity_id, sorted(roles), path, False,
                now, list(keep_out), e.amount_pence, starts_at=e.session_starts_at,
            )
        )  # fmt: skip
    return found


def budget_task(warning: BudgetWarning) -> StaffTask:
    kind = f"budget_{warning.threshold_percent}"
    return StaffTask(
        task_id(kind, warning.activity_id), kind, "open", warning.activity_id,
        sorted({"coordinator", "finance_approver", "admin"}), "/pay/manage/budgets", True,
        warning.at, amount_pence=warning.spent_pence, budget_pence=warning.budget_pence,
    )  # fmt: skip
