"""Expenses read models for the API and pages: plain dicts copied inside the unit of work."""

from __future__ import annotations

from typing import Any

from services.payments.entitlements.service_layer import require_in_scope
from services.payments.expenses.domain.expenses import CATEGORIES, ExpensePolicy


# Read models: plain dicts copied inside the unit of work.
def expense_policy(activity_id: str, uow: Any) -> dict[str, Any]:
    with uow:
        require_in_scope(activity_id, uow)  # another organisation's: NotFound, as unknown
        policy = uow.expenses.policy(activity_id) or ExpensePolicy(activity_id)
        return {
            "activity_id": activity_id,
            "covered": list(policy.covered),
            "mileage_pence_per_mile": policy.mileage_pence_per_mile,
            "limits_pence": dict(policy.limits_pence),
            "categories": list(CATEGORIES),
            "updated_by": policy.updated_by,
            "updated_at": policy.updated_at,
        }


def claim(claim_id: str, uow: Any) -> dict[str, Any] | None:
    with uow:
        found = uow.expenses.get(claim_id)
        if found is None:
            return None
        entitlement = uow.entitlements.get(found.entitlement_id)
        return {
            "id": found.id,
            "entitlement_id": found.entitlement_id,
            "participant_id": found.participant_id,
            "activity_id": found.activity_id,
            "booking_id": found.booking_id,
            "total_pence": found.total_pence,
            "status": entitlement.status if entitlement else "unknown",
            "created_by": found.created_by,
            "created_at": found.created_at,
            "lines": [
                {**vars(line), "spent_on": line.spent_on and line.spent_on.isoformat()}
                for line in found.lines
            ],
            "receipts": [vars(r).copy() for r in found.receipts],
        }


def budget(activity_id: str, uow: Any) -> dict[str, Any] | None:
    with uow:
        found = uow.expenses.budget(activity_id)
        if found is None:
            return None
        spent = uow.expenses.spent(activity_id)
        return {
            "activity_id": activity_id,
            "budget_pence": found.budget_pence,
            "spent_pence": spent,
            "pending_pence": uow.expenses.pending(activity_id),
            "remaining_pence": found.budget_pence - spent,
            "percent_used": found.percent_used(spent),
            "warnings": [t for t in (80, 100) if found.warned(t)],
            "updated_by": found.updated_by,
            "updated_at": found.updated_at,
        }
