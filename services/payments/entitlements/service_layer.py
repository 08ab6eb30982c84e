"""Payments use cases, one function each: policies, entitlements and their approval."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from services.payments.config import PaymentsSettings
from services.payments.entitlements.commands import (
    AddAdjustment,
    Approve,
    ChangeAmount,
    LinkStaff,
    RecordAttendance,
    Reject,
    SetPolicy,
)
from services.payments.entitlements.domain.model import (
    ApprovalRefused,
    Approver,
    Attendance,
    Entitlement,
)
from services.payments.entitlements.domain.policy import STAFF, PaymentPolicy, default_policy
from services.payments.ports import UnitOfWork
from shared.clock import Clock, utc_now

POLICY_FIELDS = (
    "rate_kind", "rate_pence", "preparation_minutes", "late_cancellation_pays", "updated_by",
    "updated_at", "expenses_covered",
)  # fmt: skip


class NotFound(LookupError):
    pass


def in_scope(activity_id: str, uow: Any) -> bool:
    """In a staff request only the staff member's organisation's activities are known here
    (uow.organisation_id); elsewhere (None) every activity is."""
    organisation_id = getattr(uow, "organisation_id", None)
    return organisation_id is None or uow.directory.organisation_of(activity_id) == organisation_id


def require_in_scope(activity_id: str, uow: Any) -> None:
    # Another organisation's activity answers as an unknown one, before anything changes.
    if not in_scope(activity_id, uow):
        raise NotFound(activity_id)


def require_participant_in_scope(participant_id: str, uow: Any) -> None:
    # Someone another organisation pays (and nobody here) answers as an unknown person.
    if not uow.directory.participant_in_scope(participant_id):
        raise NotFound(participant_id)


def require_staff_in_scope(staff_id: str, uow: Any) -> None:
    if not uow.directory.staff_in_scope(staff_id):
        raise NotFound(staff_id)


def set_policy(cmd: SetPolicy, uow: UnitOfWork, clock: Clock = utc_now) -> None:
    with uow:
        require_in_scope(cmd.activity_id, uow)
        policy = uow.policies.get(cmd.activity_id)
        fresh = PaymentPolicy(  # validates before anything changes
            cmd.activity_id, cmd.rate_kind, cmd.rate_pence, cmd.preparation_minutes,
            cmd.late_cancellation_pays, cmd.by, clock(), cmd.expenses_covered,
        )  # fmt: skip
        if policy is None:
            uow.policies.add(fresh)
        else:
            for name in POLICY_FIELDS:
                setattr(policy, name, getattr(fresh, name))
            policy.source = STAFF  # from now on the activity's offer no longer changes it
        uow.commit()


def record_attendance(
    cmd: RecordAttendance, uow: UnitOfWork, settings: PaymentsSettings, clock: Clock = utc_now
) -> None:
    """AttendanceRecorded -> an entitlement; one per booking, however often it is delivered."""
    attendance = Attendance(**asdict(cmd))
    if uow.erasures.done(attendance.participant_id):
        return  # they asked to be forgotten; this event was on its way before that
    if uow.entitlements.by_booking(attendance.booking_id) is not None:
        return  # a correction of attendance is a coordinator's adjustment, not a second claim
    # Kept fee or no fee: an expenses-only activity still reimburses those who came.
    uow.directory.attended(attendance, clock())
    policy = uow.policies.get(attendance.activity_id) or default_policy(
        attendance.activity_id, clock(), settings.default_rate_kind,
        settings.default_rate_pence,
    )  # fmt: skip
    entitlement = Entitlement.from_attendance(attendance, policy, clock())
    if entitlement is not None:
        uow.entitlements.add(entitlement)


def add_adjustment(cmd: AddAdjustment, uow: UnitOfWork, clock: Clock = utc_now) -> str:
    with uow:
        require_in_scope(cmd.activity_id, uow)
        entitlement = Entitlement.adjustment(
            cmd.participant_id, cmd.activity_id, cmd.amount_pence, cmd.note, cmd.by,
            clock(),
        )  # fmt: skip
        uow.entitlements.add(entitlement)
        uow.commit()
        return entitlement.id


def approve(
    cmd: Approve, uow: UnitOfWork, settings: PaymentsSettings, clock: Clock = utc_now
) -> str:
    with uow:
        entitlement = locked_entitlement(cmd.entitlement_id, uow)
        approver = as_linked(cmd.approver, uow)
        entitlement.approve(approver, settings.finance_threshold_pence, clock())
        uow.commit()
        return entitlement.status


def change_amount(cmd: ChangeAmount, uow: UnitOfWork, clock: Clock = utc_now) -> None:
    with uow:
        entitlement = locked_entitlement(cmd.entitlement_id, uow)
        entitlement.change_amount(as_linked(cmd.by, uow), cmd.amount_pence, cmd.reason, clock())
        uow.commit()


def reject(cmd: Reject, uow: UnitOfWork, clock: Clock = utc_now) -> None:
    with uow:
        entitlement = locked_entitlement(cmd.entitlement_id, uow)
        entitlement.reject(as_linked(cmd.approver, uow), cmd.reason, clock())
        uow.commit()


def as_linked(approver: Approver, uow: Any) -> Approver:
    """The approver, with the participant they also are (if any), for the self-payment check."""
    return replace(approver, participant_id=uow.staff_links.participant_of(approver.id))


def link_staff(
    staff_id: str,
    participant_id: str | None,
    by: str,
    uow: Any,
    by_admin: bool = False,
    clock: Clock = utc_now,
) -> None:
    """Record (or, with None, remove) that a staff member is also this participant. Once a
    link exists only an admin changes it: re-linking yourself elsewhere would free you to
    approve the participant you really are."""
    with uow:
        if staff_id != by:  # oneself is always staff where one is signed in
            require_staff_in_scope(staff_id, uow)
        before = uow.staff_links.participant_of(staff_id)
        if before is not None and before != participant_id and not by_admin:
            raise ApprovalRefused("Only an admin can change this link.")
        if participant_id is None:
            uow.staff_links.unlink(staff_id, by, clock())
        else:
            uow.staff_links.link(staff_id, participant_id, by, clock())
        uow.commit()


def locked_entitlement(entitlement_id: str, uow: UnitOfWork) -> Entitlement:
    # Locked for the transaction: two approvers at once are decided one after the other.
    entitlement = uow.entitlements.get(entitlement_id, for_update=True)
    if entitlement is None:
        raise NotFound(entitlement_id)
    return entitlement


def link(cmd: LinkStaff, uow: Any, clock: Clock = utc_now) -> None:
    link_staff(cmd.staff_id, cmd.participant_id, cmd.by, uow, cmd.by_admin, clock)
