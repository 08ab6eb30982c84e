"""The finance export: one CSV row per ledger entry in a period, for a payroll or accounts team.

Dates are the UK's (Europe/London, dd/mm/yyyy); amounts are pounds with two decimals, made from
integer pence with integer arithmetic only.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from shared.csv_cells import csv_text

LONDON = ZoneInfo("Europe/London")
MAX_DAYS = 400  # a year and a bit: longer periods are split
COLUMNS = (
    "date",
    "ledger_entry_id",
    "participant_id",
    "activity_id",
    "entitlement_id",
    "kind",  # fee, or expense: with its categories
    "movement",  # owed, cancelled, paid_out, reversed
    "amount_gbp",  # signed: what the participant is owed goes up (+) or down (-)
    "payout_reference",  # Stripe's transfer id once paid
    "status",  # the entitlement's status now
)


class ExportRefused(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def gbp(pence: int) -> str:
    """'12.34' from 1234 and '-0.05' from -5, without floats."""
    sign = "-" if pence < 0 else ""
    return f"{sign}{abs(pence) // 100}.{abs(pence) % 100:02d}"


def period(first: date, last: date) -> tuple[datetime, datetime]:
    """[start of `first`, start of the day after `last`) in UK time, for UTC timestamps."""
    if last < first:
        raise ExportRefused("The end date is before the start date.")
    if (last - first).days >= MAX_DAYS:
        raise ExportRefused(f"Export at most {MAX_DAYS} days at a time.")
    since = datetime.combine(first, time(), LONDON)
    until = datetime.combine(last + timedelta(days=1), time(), LONDON)
    return since, until


def kind(categories: list[str] | None) -> str:
    return f"expense: {' + '.join(categories)}" if categories else "fee"


def ledger_csv(first: date, last: date, uow: Any) -> str:
    since, until = period(first, last)
    with uow:
        rows = uow.expenses.ledger_rows(since, until)
    lines: list[tuple[object, ...]] = [COLUMNS]
    for row in rows:
        lines.append(
            (
                row["at"].astimezone(LONDON).strftime("%d/%m/%Y"),
                row["id"],
                row["participant_id"],
                row["activity_id"],
                row["entitlement_id"],
                kind(row["categories"]),
                row["kind"],
                gbp(row["amount_pence"]),
                row["reference"] or row["transfer_id"] or "",
                row["status"],
            )
        )
    return csv_text(lines)
