"""The staff approval console's read models: what waits for a decision, one claim in full
(with its audit trail), every budget. Plain dicts copied inside the unit of work (nothing
detached escapes it)."""

from __future__ import annotations

from typing import Any

from services.payments.choices.domain.choice import is_expense
from services.payments.entitlements.domain.model import Entitlement
from services.payments.expenses.adapters import views as expense_views

# The console's sections, in the order a decision is needed.
SECTIONS = ("coordinator", "finance", "ready", "waiting_for_bank", "failed")
STATUSES = ("pending", "awaiting_finance", "approved", "failed")


def _row(
    e: Entitlement, claim_id: str | None, categories: list[str], session: Any = None
) -> dict[str, Any]:
    return {
        "id": e.id,
        "participant_id": e.participant_id,
        "activity_id": e.activity_id,
        "session_starts_at": e.session_starts_at or session,  # an expense: its fee's session
        "amount_pence": e.amount_pence,
        "expense": is_expense(e),
        "categories": categories,
        "claim_id": claim_id,
        "status": e.status,
        "created_by": e.created_by,
        "created_at": e.created_at,
        "approved_by": e.approved_by,
        "finance_approved_by": e.finance_approved_by,
        "rejection_reason": e.rejection_reason,
        "basis": e.basis,
        "amount_changed_by": e.amount_changed_by,
        "register": e.from_register,  # how a fee from the register was worked out, if it was
        "booking_id": e.booking_id,
    }


def queue(uow: Any) -> dict[str, list[dict[str, Any]]]:
    """Each section's rows, oldest first: what waits on whom."""
    with uow:
        found = [e for status in STATUSES for e in uow.entitlements.list(status, None)]
        ids = [e.id for e in found]
        claims = uow.console.claim_ids(ids)
        categories = uow.expenses.claimed_categories(ids)
        waiting = uow.console.waiting_for_bank(ids)
        failures = uow.console.failures(ids)
        sessions = uow.console.claim_sessions(ids)
        sections: dict[str, list[dict[str, Any]]] = {name: [] for name in SECTIONS}
        for e in found:
            row = _row(e, claims.get(e.id), categories.get(e.id, []), sessions.get(e.id))
            row["failure"], row["waiting_for_bank"] = failures.get(e.id), e.id in waiting
            sections[_section(e.status, e.id in waiting)].append(row)
        _named([row for rows in sections.values() for row in rows], uow)
    return sections


def _named(rows: list[dict[str, Any]], uow: Any) -> None:
    """Names and titles for the rows (None where payments never heard one)."""
    names = uow.directory.names(r["participant_id"] for r in rows)
    titles = uow.directory.titles(r["activity_id"] for r in rows)
    for r in rows:
        r["participant_name"] = names.get(r["participant_id"])
        r["activity_title"] = titles.get(r["activity_id"])


def _section(status: str, waiting: bool) -> str:
    if status == "approved":
        return "waiting_for_bank" if waiting else "ready"
    return {"pending": "coordinator", "awaiting_finance": "finance"}.get(status, "failed")


def detail(entitlement_id: str, uow: Any) -> dict[str, Any] | None:
    """One entitlement in full: its claim's lines and receipts, the audit trail, payouts."""
    with uow:
        e = uow.entitlements.get(entitlement_id)
        if e is None:
            return None
        claim_id = uow.console.claim_ids([e.id]).get(e.id)
        categories = uow.expenses.claimed_categories([e.id]).get(e.id, [])
        found = _row(e, claim_id, categories, uow.console.claim_sessions([e.id]).get(e.id))
        found["audit"] = uow.console.audit(e.id)
        found["attempts"] = uow.console.attempts(e.id)
        found["waiting_for_bank"] = bool(uow.console.waiting_for_bank([e.id]))
        found["failure"] = uow.console.failures([e.id]).get(e.id)
        _named([found], uow)
        actors = [e.created_by, *(entry["actor"] for entry in found["audit"])]
        found["staff_names"] = uow.directory.staff_names(actors)
    found["claim"] = expense_views.claim(claim_id, uow) if claim_id else None
    return found


def budgets(uow: Any) -> list[dict[str, Any]]:
    """Every activity's budget, the most used first."""
    with uow:
        activities = uow.console.budget_activities()
    found = [b for b in (expense_views.budget(activity_id, uow) for activity_id in activities) if b]
    with uow:
        titles = uow.directory.titles(b["activity_id"] for b in found)
    for b in found:
        b["activity_title"] = titles.get(b["activity_id"])
    return sorted(found, key=lambda b: -b["percent_used"])
