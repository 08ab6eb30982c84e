"""An activity's budget, in pence, with a warning as spend crosses 80% and again at 100%."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from services.payments.domain.events import BudgetWarning

THRESHOLDS = (80, 100)
MAX_BUDGET_PENCE = 100_000_000  # £1m for one activity: more is a typing mistake
# What counts as spent: approved money, whether or not it has been paid out yet.
SPENT_STATUSES = ("approved", "paying", "paid", "failed")


class BudgetRejected(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Budget:
    activity_id: str
    budget_pence: int
    updated_by: str
    updated_at: datetime
    warned_80: bool = False
    warned_100: bool = False
    events: list[object] = field(default_factory=list)

    def __post_init__(self) -> None:
        amount = self.budget_pence
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
            raise BudgetRejected("Enter a budget of at least 1 penny.")
        if amount > MAX_BUDGET_PENCE:
            raise BudgetRejected(f"Enter a budget of at most {MAX_BUDGET_PENCE} pence.")

    def warned(self, threshold: int) -> bool:
        return bool(self.warned_80 if threshold == 80 else self.warned_100)

    def percent_used(self, spent_pence: int) -> int:
        """Whole percent, rounded down (integers only)."""
        return spent_pence * 100 // self.budget_pence

    def observe(self, spent_pence: int, now: datetime) -> None:
        """After money moves: announce each threshold the first time spend reaches it."""
        for threshold in THRESHOLDS:
            if self.warned(threshold) or spent_pence * 100 < threshold * self.budget_pence:
                continue
            if threshold == 80:
                self.warned_80 = True
            else:
                self.warned_100 = True
            self.events.append(
                BudgetWarning(self.activity_id, threshold, self.budget_pence, spent_pence, now)
            )
