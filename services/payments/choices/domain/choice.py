"""How a participant wants to be paid: by bank transfer (Stripe), a voucher, or not at all.

They can change their mind until a payout has started for a claim. Declining sets the fee of
every claim not yet being paid to nothing (closed as `declined`); choosing again opens those
claims again, to be approved afresh. Expenses are separate and are still paid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.payments.domain.events import Decision, LedgerEntry
from services.payments.entitlements.domain.model import ApprovalRefused, Entitlement

METHODS = ("bank", "voucher", "decline")
# A claim in these states has not started to be paid, so a decline still reaches it.
NOT_STARTED = frozenset({"pending", "awaiting_finance", "approved"})
EXPENSES = "expenses:"  # the basis of an expense claim's entitlement (domain/expenses.py)


def is_expense(entitlement: Entitlement) -> bool:
    return entitlement.basis.startswith(EXPENSES)


@dataclass(frozen=True)
class BankDetailsRequested:
    """The participant chose a bank transfer: they need a link to give Stripe their details."""

    participant_id: str
    requested_at: datetime


class PaymentChoice:
    def __init__(self, participant_id: str, method: str, updated_at: datetime) -> None:
        self.participant_id = participant_id
        self.method = method
        self.updated_at = updated_at
        self.events: list[object] = []

    @classmethod
    def make(cls, participant_id: str, method: str, now: datetime) -> PaymentChoice:
        choice = cls(participant_id, method, now)
        choice._check(method)
        return choice

    def change(self, method: str, now: datetime) -> bool:
        """False if nothing changed."""
        self._check(method)
        if method == self.method:
            return False
        self.method = method
        self.updated_at = now
        return True

    def asked_for_bank(self, now: datetime) -> None:
        self.events.append(BankDetailsRequested(self.participant_id, now))

    @staticmethod
    def _check(method: str) -> None:
        if method not in METHODS:
            raise ApprovalRefused("Choose how you want to be paid.")


def decline_fee(entitlement: Entitlement, now: datetime) -> bool:
    """The participant said no to the fee: a claim not yet being paid is closed at £0."""
    if entitlement.status not in NOT_STARTED or is_expense(entitlement):
        return False
    entitlement.status = "declined"
    _record(entitlement, "declined", entitlement.participant_id, now)
    _ledger(entitlement, "cancelled", -entitlement.amount_pence, "declined", now)
    return True


def reopen(entitlement: Entitlement, now: datetime) -> bool:
    """They changed their mind back: the claim is owed again and needs approving again."""
    if entitlement.status != "declined":
        return False
    entitlement.status = "pending"
    entitlement.approved_by = None
    entitlement.finance_approved_by = None
    _record(entitlement, "reopened", entitlement.participant_id, now)
    _ledger(entitlement, "owed", entitlement.amount_pence, "reopened", now)
    return True


def settle_without_stripe(entitlement: Entitlement, method: str, by: str, now: datetime) -> str:
    """A voucher is recorded as given; a declined fee is closed. Neither goes to Stripe."""
    if method not in ("voucher", "decline") or (method == "decline" and is_expense(entitlement)):
        raise ValueError(method)
    entitlement.payout_started(by, now)  # approved, and four eyes, as for a transfer
    if method == "voucher":
        entitlement.status = "voucher"
        _record(entitlement, "voucher", by, now)
        _ledger(entitlement, "paid_out", -entitlement.amount_pence, "voucher", now)
    else:
        entitlement.status = "declined"
        _record(entitlement, "declined", by, now)
        _ledger(entitlement, "cancelled", -entitlement.amount_pence, "declined", now)
    return entitlement.status


def _record(e: Entitlement, action: str, actor: str, now: datetime) -> None:
    e.events.append(Decision(e.id, action, actor, None, now))


def _ledger(e: Entitlement, kind: str, amount: int, reference: str, now: datetime) -> None:
    e.events.append(LedgerEntry(e.id, e.participant_id, kind, amount, reference, now))
