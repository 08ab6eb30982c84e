"""Read models for the API: plain dicts copied inside the unit of work, so nothing detached
escapes it (handlers return ids, as commands do)."""

from __future__ import annotations

from typing import Any

from services.payments.config import PaymentsSettings
from services.payments.entitlements.domain.model import Entitlement
from services.payments.entitlements.domain.policy import default_policy
from services.payments.entitlements.service_layer import require_in_scope, require_staff_in_scope
from services.payments.ports import UnitOfWork
from shared.clock import Clock, utc_now

ENTITLEMENT_FIELDS = (
    "id", "participant_id", "activity_id", "booking_id", "amount_pence", "basis", "status",
    "created_by", "created_at", "approved_by", "finance_approved_by", "approval_version",
    "rejection_reason",
)  # fmt: skip
POLICY_FIELDS = (
    "activity_id", "rate_kind", "rate_pence", "preparation_minutes", "late_cancellation_pays",
    "updated_by", "updated_at", "expenses_covered", "source",
)  # fmt: skip


def _copy(obj: object, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def entitlement(entitlement_id: str, uow: UnitOfWork) -> dict[str, Any] | None:
    with uow:
        found = uow.entitlements.get(entitlement_id)
        return _copy(found, ENTITLEMENT_FIELDS) if found else None


def entitlements(
    uow: UnitOfWork, status: str | None = None, participant_id: str | None = None
) -> list[dict[str, Any]]:
    with uow:
        found: list[Entitlement] = uow.entitlements.list(status, participant_id)
        return [_copy(e, ENTITLEMENT_FIELDS) for e in found]


def policy(
    activity_id: str, uow: UnitOfWork, settings: PaymentsSettings, clock: Clock = utc_now
) -> dict[str, Any]:
    """The activity's own policy, or the organisation's default (not stored)."""
    with uow:
        require_in_scope(activity_id, uow)  # another organisation's: NotFound, as unknown
        found = uow.policies.get(activity_id) or default_policy(
            activity_id, clock(), settings.default_rate_kind, settings.default_rate_pence
        )
        return _copy(found, POLICY_FIELDS)


def staff_link(staff_id: str, uow: Any, asked_by: str | None = None) -> dict[str, Any]:
    """Who a staff member is linked to and every change to it, with names where known.
    Another organisation's staff member: NotFound, as an unknown one (oneself is known)."""
    with uow:
        if staff_id != asked_by:
            require_staff_in_scope(staff_id, uow)
        changes = uow.staff_links.changes(staff_id)
        current = uow.staff_links.participant_of(staff_id)
        people = uow.directory.names([current, *(c["participant_before"] for c in changes),
                                      *(c["participant_after"] for c in changes)])  # fmt: skip
        staff = uow.directory.staff_names([staff_id, *(c["changed_by"] for c in changes)])
    for change in changes:
        change["participant_before_name"] = people.get(change["participant_before"] or "")
        change["participant_after_name"] = people.get(change["participant_after"] or "")
        change["changed_by_name"] = staff.get(change["changed_by"])
    return {
        "staff_id": staff_id, "staff_name": staff.get(staff_id), "participant_id": current,
        "participant_name": people.get(current or ""), "changes": changes,
    }  # fmt: skip
