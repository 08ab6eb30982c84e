"""What callers ask payments to do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.payments.entitlements.domain.model import Approver


@dataclass(frozen=True)
class SetPolicy:
    activity_id: str
    rate_kind: str
    rate_pence: int
    preparation_minutes: int
    late_cancellation_pays: bool
    by: str
    expenses_covered: bool = True


@dataclass(frozen=True)
class ChangeAmount:
    """A coordinator corrects a fee before approval; the reason is kept in the audit log."""

    entitlement_id: str
    by: Approver
    amount_pence: int
    reason: str


@dataclass(frozen=True)
class AddAdjustment:
    participant_id: str
    activity_id: str
    amount_pence: int
    note: str
    by: str


@dataclass(frozen=True)
class Approve:
    entitlement_id: str
    approver: Approver


@dataclass(frozen=True)
class Reject:
    entitlement_id: str
    approver: Approver
    reason: str


@dataclass(frozen=True)
class RequestPayout:
    entitlement_id: str
    by: str


@dataclass(frozen=True)
class LinkStaff:
    """A staff member is also this participant (None: they are not)."""

    staff_id: str
    participant_id: str | None
    by: str
    by_admin: bool = False


@dataclass(frozen=True)
class RecordAttendance:
    """Scheduling's AttendanceRecorded, as payments needs it."""

    booking_id: str
    participant_id: str
    activity_id: str
    outcome: str
    minutes_attended: int
    session_minutes: int
    session_starts_at: datetime | None
    recorded_by: str
