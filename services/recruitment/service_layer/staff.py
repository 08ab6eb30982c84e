"""Staff sign-in and accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from services.recruitment.domain.staff import StaffMember, StaffRuleBroken

# How many failed sign-ins one address may make in the window before it must wait.
MAX_FAILURES_PER_ADDRESS = 20


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str | None, password: str) -> bool:
        """False for None too, after the same work, so timing does not reveal who has an account."""
        ...


class SignInRefused(Exception):
    """Wrong email or password, or locked: the person is told the same thing either way."""


@dataclass(frozen=True)
class SignedIn:
    staff_id: str
    display_name: str
    roles: tuple[str, ...]


def sign_in(
    email: str, password: str, client_address: str, uow, hasher: PasswordHasher
) -> SignedIn:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    with uow:
        if uow.sign_in_failures.recent(client_address, now) >= MAX_FAILURES_PER_ADDRESS:
            raise SignInRefused("too many attempts from this address")
        staff = uow.staff.by_email(email.strip().lower())
        matches = hasher.verify(staff.password_hash if staff else None, password)
        if staff is None or staff.is_locked(now) or not matches:
            if staff is not None and not staff.is_locked(now):
                staff.sign_in_failed(now)
            uow.sign_in_failures.add(client_address, now)
            uow.commit()
            raise SignInRefused("refused")
        staff.signed_in()
        uow.commit()
        return SignedIn(staff.id, staff.display_name, tuple(sorted(staff.role_set)))


def create_staff(
    email: str,
    display_name: str,
    password: str,
    roles: set[str],
    created_by: str | None,
    uow,
    hasher: PasswordHasher,
) -> str:  # type: ignore[no-untyped-def]
    if len(password) < 12:
        raise StaffRuleBroken("password", "Use a password of at least 12 characters.")
    with uow:
        if uow.staff.by_email(email.strip().lower()) is not None:
            raise StaffRuleBroken("email", "There is already an account with this email address.")
        staff = StaffMember.create(
            email, display_name, hasher.hash(password), roles, datetime.now(UTC), created_by
        )
        uow.staff.add(staff)
        uow.commit()
        return staff.id


def sign_out_everywhere(staff_id: str, uow) -> None:  # type: ignore[no-untyped-def]
    with uow:
        staff = uow.staff.get(staff_id)
        if staff is not None:
            staff.sign_out_everywhere(datetime.now(UTC))
            uow.commit()


def sessions_valid_after(staff_id: str, uow) -> datetime | None:  # type: ignore[no-untyped-def]
    with uow:
        staff = uow.staff.get(staff_id)
        return staff.sessions_valid_after if staff else None
