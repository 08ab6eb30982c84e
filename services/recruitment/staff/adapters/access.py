"""The read model the app's staff session check asks (shared.auth.current_staff)."""

from __future__ import annotations

from typing import Any

from shared.auth import StaffAccess


def staff_access(staff_id: str, uow: Any) -> StaffAccess | None:
    """For current_staff(): the account as it is now (recruitment owns the accounts), with
    its roles in each organisation."""
    with uow:
        staff = uow.staff.account(staff_id)
        if staff is None:
            return None
        memberships = {org: frozenset(roles) for org, roles in staff.holding().items()}
        everywhere = frozenset(staff.roles.split())
        return StaffAccess(staff.sessions_valid_after, staff.active, everywhere, memberships)
