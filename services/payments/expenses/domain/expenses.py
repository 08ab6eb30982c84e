"""Expense claims: a claim's priced lines and receipts (what an activity reimburses, and each
category's rules, are in domain/policy.py).

Money is integer pence. A claim becomes an entitlement of its own (apart from any fee for the
person's time), so declining or losing the fee never touches the expenses, and the same
four-eyes approval, payout and ledger apply.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from services.payments.domain.events import ClaimSubmitted
from services.payments.entitlements.domain.policy import PaymentPolicy
from services.payments.expenses.domain.policy import (
    ABSURD_PENCE,
    CATEGORIES,
    DEFAULT_LIMITS_PENCE,
    HMRC_MILEAGE_PENCE_PER_MILE,
    LABELS,
    LONDON,
    MAX_AGE_DAYS,
    MAX_LINES,
    MAX_MILES,
    RECEIPT_REQUIRED,
    ExpenseLine,
    ExpensePolicy,
    ExpenseRejected,
    _check_day,
    pounds,
)

__all__ = [  # the policy's names too, for those who import them from here
    "ABSURD_PENCE",
    "ATTENDED",
    "CATEGORIES",
    "DEFAULT_LIMITS_PENCE",
    "HMRC_MILEAGE_PENCE_PER_MILE",
    "LABELS",
    "LONDON",
    "MAX_AGE_DAYS",
    "MAX_LINES",
    "MAX_MILES",
    "NO_EXPENSES",
    "RECEIPT_REQUIRED",
    "UNPAID",
    "ExpenseClaim",
    "ExpenseLine",
    "ExpensePolicy",
    "ExpenseRejected",
    "PricedLine",
    "Receipt",
    "pounds",
]

ATTENDED = ("attended", "partly_attended")
# Why a claim for an activity's session is refused whatever its lines say (pages translate them).
UNPAID = "This activity is unpaid: it does not pay fees or expenses."
NO_EXPENSES = "This activity does not pay expenses."


@dataclass(frozen=True)
class Receipt:
    sha256: str
    content_type: str
    size_bytes: int


@dataclass
class PricedLine:
    category: str
    amount_pence: int
    miles: int | None
    prior_approval: bool
    note: str
    spent_on: date | None = None


@dataclass
class ExpenseClaim:
    id: str
    participant_id: str
    activity_id: str
    booking_id: str
    lines: list[PricedLine]
    receipts: list[Receipt]
    created_by: str
    created_at: datetime
    entitlement_id: str | None = None
    events: list[object] = field(default_factory=list)

    @property
    def total_pence(self) -> int:
        return sum(line.amount_pence for line in self.lines)

    @property
    def basis(self) -> str:
        parts = []
        for line in self.lines:
            if line.category == "mileage":
                parts.append(f"mileage {line.miles} mi = {line.amount_pence}p")
            else:
                parts.append(f"{line.category} {line.amount_pence}p")
        return ("expenses: " + ", ".join(parts))[:200]

    @classmethod
    def submit(
        cls,
        participant_id: str,
        activity_id: str,
        booking_id: str,
        attendance_outcome: str | None,
        lines: list[ExpenseLine],
        receipts: list[Receipt],
        policy: ExpensePolicy,
        by: str,
        now: datetime,
        pays: PaymentPolicy | None = None,
    ) -> ExpenseClaim:
        """Checks every rule before anything exists. `pays` is the activity's payment policy:
        one that does not cover expenses (an unpaid activity) refuses every claim."""
        if attendance_outcome not in ATTENDED:
            raise ExpenseRejected(
                "booking_id", "Expenses are paid for sessions you attended; we have no record."
            )
        if pays is not None and not pays.expenses_covered:
            raise ExpenseRejected("booking_id", UNPAID if pays.unpaid else NO_EXPENSES)
        if not 1 <= len(lines) <= MAX_LINES:
            raise ExpenseRejected("lines", f"Claim 1 to {MAX_LINES} expenses at a time.")
        priced = []
        for number, line in enumerate(lines):
            try:
                _check_day(line.spent_on, now)
                amount = policy.price(line, bool(receipts))
            except ExpenseRejected as exc:
                exc.line = number
                raise
            priced.append(
                PricedLine(
                    line.category, amount, line.miles, line.prior_approval, line.note[:200],
                    line.spent_on,
                )
            )  # fmt: skip
        return cls(
            str(uuid.uuid4()), participant_id, activity_id, booking_id, priced, list(receipts),
            by, now,
        )  # fmt: skip

    def submitted(self, entitlement_id: str) -> None:
        """The claim is an entitlement now, waiting for a coordinator's approval."""
        self.entitlement_id = entitlement_id
        self.events.append(
            ClaimSubmitted(
                self.id,
                entitlement_id,
                self.participant_id,
                self.activity_id,
                self.booking_id,
                self.total_pence,
                sorted({line.category for line in self.lines}),
                len(self.receipts),
                self.created_by == self.participant_id,
                self.created_at,
            )
        )
