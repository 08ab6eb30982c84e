"""What /pay and finance's tax-year totals show: read models copied inside the unit of work."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.payments.choices.domain import tax_year
from services.payments.choices.domain.choice import is_expense
from services.payments.choices.service_layer import ChoicesUnitOfWork

OWED = ("pending", "awaiting_finance", "approved", "paying")
PAID = ("paid", "voucher")


def overview(participant_id: str, uow: ChoicesUnitOfWork, now: datetime) -> dict[str, Any]:
    """What /pay shows: their claims, their choice and this tax year's total."""
    year = tax_year.tax_year_of(now)
    with uow:
        found = uow.choices.get(participant_id)
        choice = found.method if found else None  # read inside: leaving expires what it loaded
        claims = [
            {
                "amount_pence": e.amount_pence,
                "status": e.status,
                "created_at": e.created_at,
                "rejection_reason": e.rejection_reason,
                "expense": is_expense(e),
                "part": e.part_attended(),  # part of a session: why the fee is less
            }
            for e in uow.entitlements.list(None, participant_id)
        ]
        has_account = uow.accounts.get(participant_id) is not None
    fee_claims = [c for c in claims if not c["expense"]]  # expenses are not income
    fees = [tax_year.Fee(c["amount_pence"], c["status"], c["created_at"]) for c in fee_claims]
    total = tax_year.total_pence(fees, year)
    return {
        "choice": choice,
        "has_account": has_account,
        "claims": list(reversed(claims)),
        "owed_pence": sum(c["amount_pence"] for c in claims if c["status"] in OWED),
        "paid_pence": sum(c["amount_pence"] for c in claims if c["status"] in PAID),
        "year": year,
        "year_total_pence": total,
        "over_limit": tax_year.over_limit(total),
        "year_claims": [
            c for c in fee_claims if c["status"] in tax_year.COUNTED and year.holds(c["created_at"])
        ],
    }


def year_totals(first: int, uow: ChoicesUnitOfWork) -> list[dict[str, Any]]:
    """Each participant's fees in the tax year starting 6 April `first`, highest first."""
    year = tax_year.TaxYear(first)
    with uow:
        found = uow.choices.totals(*year.bounds(), tax_year.COUNTED)
    return [
        {"participant_id": pid, "total_pence": total, "over_limit": tax_year.over_limit(total)}
        for pid, total in sorted(found.items(), key=lambda item: -item[1])
    ]
