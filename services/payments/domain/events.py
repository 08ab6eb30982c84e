"""Facts the payments domain records; adapters decide how each is announced or stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class EntitlementCreated:
    entitlement_id: str
    participant_id: str
    activity_id: str
    booking_id: str | None
    amount_pence: int
    created_at: datetime
    session_starts_at: datetime | None = None  # the session it pays for, if any


@dataclass(frozen=True)
class ClaimApproved:
    entitlement_id: str
    participant_id: str
    amount_pence: int
    approval_version: int
    approved_at: datetime
    choice: str | None = None  # bank, voucher or decline: how it will reach them
    session_starts_at: datetime | None = None  # so the message can say "for Tuesday 3 December"
    # Part of a session from the register: so the message can say why ("45 of 60 minutes").
    minutes_attended: int | None = None
    session_minutes: int | None = None


@dataclass(frozen=True)
class ClaimRejected:
    entitlement_id: str
    participant_id: str
    reason: str  # written for the participant: they are told it
    rejected_at: datetime


@dataclass(frozen=True)
class PayoutSent:
    payout_id: str
    entitlement_id: str
    participant_id: str
    amount_pence: int
    transfer_id: str
    sent_at: datetime


@dataclass(frozen=True)
class PayoutFailed:
    payout_id: str
    entitlement_id: str
    participant_id: str
    amount_pence: int
    reason_code: str
    failed_at: datetime


# Kept in this service's own append-only tables, never published.
@dataclass(frozen=True)
class Decision:
    entitlement_id: str
    action: str  # created, approved, finance_approved, rejected, payout_requested, paid, failed
    actor: str  # a staff id, or "system" / "stripe"
    reason: str | None
    at: datetime


@dataclass(frozen=True)
class LedgerEntry:
    entitlement_id: str
    participant_id: str
    kind: str  # owed, cancelled, paid_out, reversed
    amount_pence: int  # signed: what the participant is owed goes up (+) or down (-)
    reference: str | None
    at: datetime


# Expense claims and budgets (domain/expenses.py, domain/budget.py).
@dataclass(frozen=True)
class ClaimSubmitted:
    claim_id: str
    entitlement_id: str
    participant_id: str
    activity_id: str
    booking_id: str
    amount_pence: int
    categories: list[str]
    receipt_count: int
    by_participant: bool  # False: a coordinator entered it for them (e.g. they only use SMS)
    submitted_at: datetime


@dataclass(frozen=True)
class BudgetWarning:
    activity_id: str
    threshold_percent: int  # 80 or 100, each announced once
    budget_pence: int
    spent_pence: int
    at: datetime


@dataclass(frozen=True)
class BankPayoutRefused:
    """Their bank refused a payout from their Stripe account: they are asked for new bank
    details (the money waits in that account meanwhile)."""

    participant_id: str
    amount_pence: int
    failure_code: str
    refused_at: datetime
