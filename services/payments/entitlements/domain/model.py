"""Entitlements (what someone is owed) and the four-eyes approval that releases them."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from services.payments.domain.events import (
    ClaimApproved,
    ClaimRejected,
    Decision,
    EntitlementCreated,
    LedgerEntry,
)
from services.payments.entitlements.domain.policy import PaymentPolicy

SYSTEM = "system"  # the creator of entitlements made without a person (older events)
COORDINATOR_ROLES = frozenset({"coordinator", "admin"})
FINANCE_ROLES = frozenset({"finance_approver"})
MAX_REASON_LENGTH = 500
# The basis from_attendance writes, read back for the staff page ("45 of 60 minutes").
BASIS = re.compile(
    r"^(?P<outcome>attended|partly_attended|excused): (?P<minutes>\d+) of (?P<length>\d+) min"
    r" at (?P<rate>\d+)p per (?P<kind>hour|session|day) \+ (?P<preparation>\d+) min preparation$"
)
# Four eyes, by how the claim was made (the page words them for the staff member).
ENTERED = "You entered this claim, so someone else must decide on it."
MARKED = "You marked the register this fee was made from, so someone else must decide on it."
CHANGED = "You changed the amount, so someone else must decide on it."
MAX_CHANGE_REASON_LENGTH = 400  # the audit row keeps both amounts beside it (500 in all)


class ApprovalRefused(Exception):
    """The decision breaks a rule; the message is safe to show to the staff member."""

    def __init__(self, message: str, conflict: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.conflict = conflict  # the claim is no longer in a state for this (HTTP 409)


@dataclass(frozen=True)
class Approver:
    id: str
    roles: frozenset[str]
    participant_id: str | None = None  # set when this staff member is also a participant


@dataclass(frozen=True)
class Attendance:
    booking_id: str
    participant_id: str
    activity_id: str
    outcome: str
    minutes_attended: int
    session_minutes: int
    session_starts_at: datetime | None = None
    # The coordinator who recorded it: the claim's creator, so four eyes keeps them out.
    recorded_by: str = SYSTEM


class Entitlement:
    def __init__(
        self,
        id: str,
        participant_id: str,
        activity_id: str,
        booking_id: str | None,
        amount_pence: int,
        basis: str,
        created_by: str,
        created_at: datetime,
    ) -> None:
        self.id = id
        self.participant_id = participant_id
        self.activity_id = activity_id
        self.booking_id = booking_id
        self.amount_pence = amount_pence
        self.basis = basis  # how the amount was reached, for the approver
        self.created_by = created_by
        self.created_at = created_at
        self.status = "pending"
        self.approved_by: str | None = None
        self.finance_approved_by: str | None = None
        self.approval_version = 0
        self.rejection_reason: str | None = None
        self.session_starts_at: datetime | None = None  # the session the fee is for, if any
        self.amount_changed_by: str | None = None  # who last changed the amount (0020)
        self.events: list[object] = []

    @classmethod
    def from_attendance(
        cls, attendance: Attendance, policy: PaymentPolicy, now: datetime
    ) -> Entitlement | None:
        """None when the attendance earns nothing (no-show, or excused under this policy)."""
        amount = policy.amount_for(
            attendance.outcome, attendance.minutes_attended, attendance.session_minutes
        )
        if amount <= 0:
            return None
        basis = (
            f"{attendance.outcome}: {attendance.minutes_attended} of "
            f"{attendance.session_minutes} min at {policy.rate_pence}p per {policy.rate_kind}"
            f" + {policy.preparation_minutes} min preparation"
        )
        return cls._create(attendance, amount, basis, attendance.recorded_by, now)

    @classmethod
    def adjustment(
        cls,
        participant_id: str,
        activity_id: str,
        amount_pence: int,
        note: str,
        by: str,
        now: datetime,
    ) -> Entitlement:
        """An amount a coordinator enters by hand (e.g. attendance recorded on paper)."""
        if amount_pence <= 0:
            raise ApprovalRefused("Enter an amount of at least 1 penny.")
        target = Attendance("", participant_id, activity_id, "adjustment", 0, 0)
        return cls._create(target, amount_pence, f"adjustment: {note}"[:200], by, now)

    @classmethod
    def _create(
        cls, attendance: Attendance, amount: int, basis: str, by: str, now: datetime
    ) -> Entitlement:
        entitlement = cls(
            str(uuid.uuid4()),
            attendance.participant_id,
            attendance.activity_id,
            attendance.booking_id or None,
            amount,
            basis,
            by,
            now,
        )
        e = entitlement
        e.session_starts_at = attendance.session_starts_at
        e._record("created", by, None, now)
        e._ledger("owed", amount, None, now)
        e.events.append(
            EntitlementCreated(
                e.id, e.participant_id, e.activity_id, e.booking_id, amount, now,
                e.session_starts_at,
            )
        )  # fmt: skip
        return e

    @property
    def from_register(self) -> dict[str, int | str] | None:
        """How Chorus worked out a fee from the attendance register; None for any other claim."""
        found = BASIS.match(self.basis) if self.booking_id else None
        if found is None:
            return None
        parts = found.groupdict()
        return {k: (v if k in ("outcome", "kind") else int(v)) for k, v in parts.items()}

    def approve(self, approver: Approver, finance_threshold_pence: int, now: datetime) -> None:
        """First a coordinator; above the threshold, then a different finance approver."""
        self._check_not_conflicted(approver)
        if self.status == "pending":
            if not approver.roles & COORDINATOR_ROLES:
                raise ApprovalRefused("A coordinator approves a claim first.")
            self.approved_by = approver.id
            self._record("approved", approver.id, None, now)
            if self.amount_pence > finance_threshold_pence:
                self.status = "awaiting_finance"
                return
        elif self.status == "awaiting_finance":
            if not approver.roles & FINANCE_ROLES:
                raise ApprovalRefused("Claims above the limit need a finance approver too.")
            if approver.id == self.approved_by:
                raise ApprovalRefused("A second person must give the finance approval.")
            self.finance_approved_by = approver.id
            self._record("finance_approved", approver.id, None, now)
        else:
            raise ApprovalRefused(f"This claim is {self.status}.", conflict=True)
        self.status = "approved"
        self.approval_version += 1
        self.events.append(
            ClaimApproved(
                self.id,
                self.participant_id,
                self.amount_pence,
                self.approval_version,
                now,
                session_starts_at=self.session_starts_at,
                **self.part_attended(),
            )
        )

    def change_amount(self, by: Approver, amount_pence: int, reason: str, now: datetime) -> None:
        """A coordinator corrects a fee before anyone approves it, saying why. Whoever changes it
        has decided the amount, so four eyes keeps them out of approving it, as its creator."""
        if self.status != "pending":
            raise ApprovalRefused(f"This claim is {self.status}.", conflict=True)
        if not by.roles & COORDINATOR_ROLES:
            raise ApprovalRefused("A coordinator changes the amount.")
        if self.participant_id in (by.id, by.participant_id):
            raise ApprovalRefused("Nobody decides on a payment to themselves.")
        if self.basis.startswith("expenses:"):
            raise ApprovalRefused("An expense claim's amount comes from its receipts.")
        reason = reason.strip()
        if not 1 <= len(reason) <= MAX_CHANGE_REASON_LENGTH:
            raise ApprovalRefused("Say why the amount changes, in 400 characters or fewer.")
        if not 0 < amount_pence <= 100_000 or amount_pence == self.amount_pence:
            raise ApprovalRefused("Enter a new amount from 1p to £1,000.")
        before, self.amount_pence, self.amount_changed_by = self.amount_pence, amount_pence, by.id
        self._record("amount_changed", by.id, f"{before}:{amount_pence}:{reason}", now)
        self._ledger("amount_changed", amount_pence - before, None, now)

    def part_attended(self) -> dict[str, int]:
        """Minutes there of the session's, when the register says part and nobody changed the
        amount since (then the minutes no longer explain it)."""
        register = self.from_register
        if register is None or register["outcome"] != "partly_attended" or self.amount_changed_by:
            return {}
        return {
            "minutes_attended": int(register["minutes"]),
            "session_minutes": int(register["length"]),
        }

    def reject(self, approver: Approver, reason: str, now: datetime) -> None:
        self._check_not_conflicted(approver)
        reason = reason.strip()
        if not 1 <= len(reason) <= MAX_REASON_LENGTH:
            raise ApprovalRefused("Give a reason of 1 to 500 characters; the participant sees it.")
        if self.status not in ("pending", "awaiting_finance"):
            raise ApprovalRefused(f"This claim is {self.status}.", conflict=True)
        self.status = "rejected"
        self.rejection_reason = reason
        self._record("rejected", approver.id, reason, now)
        self._ledger("cancelled", -self.amount_pence, None, now)
        self.events.append(ClaimRejected(self.id, self.participant_id, reason, now))

    def check_payable(self, by: str) -> None:
        if self.status != "approved":
            raise ApprovalRefused(f"Only approved claims are paid; this is {self.status}.", True)
        if by == self.created_by and self.from_register:
            raise ApprovalRefused("Nobody pays out a fee from a register they marked.")
        if by == self.amount_changed_by:
            raise ApprovalRefused("Nobody pays out a claim whose amount they changed.")
        if by in (self.participant_id, self.created_by):
            raise ApprovalRefused("Nobody pays out a claim they created or one paying themselves.")

    def payout_started(self, by: str, now: datetime) -> str:
        """Returns the idempotency key every Stripe call for this approval must carry."""
        self.check_payable(by)
        self.status = "paying"
        self._record("payout_requested", by, None, now)
        return f"payout-{self.id}-v{self.approval_version}"

    def payout_settled(self, paid: bool, reason: str | None, now: datetime) -> None:
        self.status = "paid" if paid else "failed"
        self._record(self.status, "stripe", reason, now)

    def _check_not_conflicted(self, approver: Approver) -> None:
        # Four eyes: whoever entered the claim, or is paid by it, never decides on it. A fee from
        # the register was decided by whoever marked it (who came, for how long), so it is theirs.
        if approver.id == self.created_by:
            raise ApprovalRefused(MARKED if self.from_register else ENTERED)
        if approver.id == self.amount_changed_by:
            raise ApprovalRefused(CHANGED)
        if self.participant_id in (approver.id, approver.participant_id):
            raise ApprovalRefused("Nobody decides on a payment to themselves.")

    def _record(self, action: str, actor: str, reason: str | None, now: datetime) -> None:
        self.events.append(Decision(self.id, action, actor, reason, now))

    def _ledger(self, kind: str, amount: int, reference: str | None, now: datetime) -> None:
        self.events.append(LedgerEntry(self.id, self.participant_id, kind, amount, reference, now))
