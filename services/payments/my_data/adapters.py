"""What payments holds about a participant, for their "download my data": what they are owed
(fees and expense claims, with each claim's lines), payouts, and how they chose to be paid.
Receipts are listed, not their contents; staff-only data (who decided) is left out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.payments.choices.domain.choice import is_expense


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def my_data(participant_id: str, uow: Any) -> dict[str, Any]:
    with uow:
        found = uow.entitlements.list(None, participant_id)
        ids = [e.id for e in found]
        claim_ids = uow.console.claim_ids(ids)
        titles = uow.directory.titles(e.activity_id for e in found)
        choice = uow.choices.get(participant_id)
        claims = {e: uow.expenses.get(c) for e, c in claim_ids.items()}
        payments = [
            {
                "id": e.id,
                "activity": titles.get(e.activity_id),
                "activity_id": e.activity_id,
                "session_starts_at": _iso(e.session_starts_at),
                "kind": "expenses" if is_expense(e) else "fee",
                "amount_pence": e.amount_pence,
                "status": e.status,
                "created_at": _iso(e.created_at),
                "reason_not_approved": e.rejection_reason,
                "expense_lines": _lines(claims.get(e.id)),
                "receipts": len(claims[e.id].receipts) if claims.get(e.id) else 0,
            }
            for e in found
        ]
        payouts = [
            {**row, "created_at": _iso(row["created_at"]), "updated_at": _iso(row["updated_at"])}
            for row in uow.console.payouts_of(participant_id)
        ]
    return {
        "participant_id": participant_id,
        "payment_choice": choice.method if choice else None,
        "payment_choice_at": _iso(choice.updated_at) if choice else None,
        "payments": payments,
        "payouts": payouts,
    }


def _lines(claim: Any) -> list[dict[str, Any]]:
    if claim is None:
        return []
    return [
        {
            "category": line.category,
            "amount_pence": line.amount_pence,
            "miles": line.miles,
            "spent_on": line.spent_on and line.spent_on.isoformat(),
            "note": line.note,
        }
        for line in claim.lines
    ]
