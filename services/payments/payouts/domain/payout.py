"""Payout attempts: our own record of each Stripe transfer we ask for, kept before we ask.

Stripe forgets idempotency keys after about a day, so this row (written and committed before
the call) is what makes a retry after a timeout or crash reuse the same key, and never pay twice.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from services.payments.domain.events import Decision, LedgerEntry, PayoutFailed, PayoutSent
from services.payments.entitlements.domain.model import ApprovalRefused, Entitlement

# started: committed, Stripe maybe called; sent: Stripe made the transfer; paid: Stripe's
# webhook confirmed it; failed: refused or reversed. Failed is final, and paid never goes back.
RANK = {"started": 0, "sent": 1, "paid": 2, "failed": 3}


class PayoutAttempt:
    def __init__(
        self,
        id: str,
        entitlement_id: str,
        participant_id: str,
        approval_version: int,
        idempotency_key: str,
        amount_pence: int,
        destination: str,
        requested_by: str,
        created_at: datetime,
    ) -> None:
        self.id = id
        self.entitlement_id = entitlement_id
        self.participant_id = participant_id
        self.approval_version = approval_version
        self.idempotency_key = idempotency_key
        self.amount_pence = amount_pence
        self.destination = destination
        self.requested_by = requested_by
        self.created_at = created_at
        self.updated_at = created_at
        self.status = "started"
        self.transfer_id: str | None = None
        self.failure_code: str | None = None
        self.amount_reversed = 0  # what Stripe's transfer.reversed says came back so far
        self.bank_refused_code: str | None = None  # their bank refused Stripe's payout
        self.events: list[object] = []

    @classmethod
    def start(
        cls,
        entitlement_id: str,
        participant_id: str,
        approval_version: int,
        key: str,
        amount_pence: int,
        destination: str,
        by: str,
        now: datetime,
    ) -> PayoutAttempt:
        return cls(
            str(uuid.uuid4()),
            entitlement_id,
            participant_id,
            approval_version,
            key,
            amount_pence,
            destination,
            by,
            now,
        )

    def sent(self, transfer_id: str, now: datetime) -> bool:
        """Stripe made the transfer; False if we already knew (a retry, or the webhook first)."""
        if self.transfer_id is None:
            self.transfer_id = transfer_id
        if self.status != "started":
            return False
        self._move("sent", now)
        self.events.append(
            LedgerEntry(
                self.entitlement_id,
                self.participant_id,
                "paid_out",
                -self.amount_pence,
                transfer_id,
                now,
            )
        )
        self.events.append(
            PayoutSent(
                self.id,
                self.entitlement_id,
                self.participant_id,
                self.amount_pence,
                transfer_id,
                now,
            )
        )
        return True

    def confirmed(self, transfer_id: str, now: datetime) -> bool:
        """Stripe's webhook says the transfer went through (it may arrive before our record)."""
        if self.status == "started":
            self.sent(transfer_id, now)
        if self.status != "sent":
            return False  # paid already, or failed: a late success never undoes a failure
        self._move("paid", now)
        return True

    def failed(self, code: str, now: datetime) -> bool:
        if self.status == "failed":
            return False
        if self.status in ("sent", "paid"):
            # Money had left: a reversal brings what they are owed back up (less any part
            # reversal already recorded).
            self._reversed(self.amount_pence - self.amount_reversed, now)
            self.amount_reversed = self.amount_pence
        self.failure_code = code[:100]
        self._move("failed", now)
        self.events.append(
            PayoutFailed(
                self.id,
                self.entitlement_id,
                self.participant_id,
                self.amount_pence,
                self.failure_code,
                now,
            )
        )
        return True

    def reversed(self, transfer_id: str, total_reversed: int, now: datetime) -> bool:
        """Stripe's transfer.reversed: `total_reversed` is its cumulative amount_reversed. All
        of it back is a failure (staff may pay again, under a new key); a part back is recorded
        in the ledger and the audit trail, and the claim stays paid: staff decide what is still
        owed. Nothing here ever pays the whole amount again."""
        if self.status == "started":
            self.sent(transfer_id, now)
        if self.status == "failed" or total_reversed <= self.amount_reversed:
            return False  # a repeat, or an older event arriving late
        if total_reversed >= self.amount_pence:
            return self.failed("transfer.reversed", now)
        part = total_reversed - self.amount_reversed
        self.amount_reversed = total_reversed
        self._reversed(part, now)
        # The reason holds the pence back so far; the console puts it into words.
        back = str(total_reversed)
        self.events.append(Decision(self.entitlement_id, "partly_reversed", "stripe", back, now))
        return True

    def bank_refused(self, code: str, now: datetime) -> bool:
        """Their bank sent back the connected account's payout that carried this transfer.
        The money waits in their Stripe balance, so the claim is not paid again: Stripe pays
        it out once they give new bank details."""
        if self.status not in ("sent", "paid") or self.bank_refused_code is not None:
            return False
        self.bank_refused_code = code[:100]
        self.events.append(Decision(self.entitlement_id, "bank_refused", "stripe", code, now))
        return True

    def bank_paid(self, now: datetime) -> bool:
        """A later payout to their bank went through: the refused money reached them."""
        if self.bank_refused_code is None:
            return False
        self.bank_refused_code = None
        self.events.append(Decision(self.entitlement_id, "bank_paid", "stripe", None, now))
        return True

    def _reversed(self, amount: int, now: datetime) -> None:
        self.events.append(
            LedgerEntry(
                self.entitlement_id, self.participant_id, "reversed", amount, self.transfer_id,
                now,
            )
        )  # fmt: skip

    def _move(self, status: str, now: datetime) -> None:
        assert RANK[status] > RANK[self.status], (self.status, status)
        self.status = status
        self.updated_at = now


def retry_failed(entitlement: Entitlement, by: str, now: datetime) -> None:
    """A failed payout may be tried again, under a new approval version and so a new key: the
    old key's attempt is final (Stripe refused or reversed it), and resending it would only
    replay that failure. The same people are kept out as for the first payout."""
    if entitlement.status != "failed":
        raise ApprovalRefused(f"This claim is {entitlement.status}.", conflict=True)
    if by in (entitlement.participant_id, entitlement.created_by):
        raise ApprovalRefused("Nobody pays out a claim they created or one paying themselves.")
    entitlement.status = "approved"
    entitlement.approval_version += 1
    entitlement.events.append(Decision(entitlement.id, "payout_retried", by, None, now))
