"""What participants and staff ask of expenses."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.payments.expenses.domain.expenses import ExpenseLine


@dataclass(frozen=True)
class SubmitClaim:
    participant_id: str
    booking_id: str
    lines: list[ExpenseLine]
    by: str  # the participant, or the coordinator entering it for them
    files: tuple[bytes, ...] = ()  # the receipts, checked before anything is written


@dataclass(frozen=True)
class SetExpensePolicy:
    activity_id: str
    covered: tuple[str, ...]
    mileage_pence_per_mile: int
    by: str
    limits_pence: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SetBudget:
    activity_id: str
    budget_pence: int
    by: str
