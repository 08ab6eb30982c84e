"""Staff sign-in and accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import structlog

from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.staff import commands
from services.recruitment.staff.domain.staff import StaffMember, StaffRuleBroken
from shared.clock import Clock, utc_now
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID

log = structlog.get_logger("staff")
# How many failed sign-ins one address may make in the window before it must wait.
MAX_FAILURES_PER_ADDRESS = 20


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str | None, password: str) -> bool:
        """False for None too, after the same work, so timing does not reveal who has an account."""
        ...

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash was made with weaker settings than today's."""
        ...


class SignInRefused(Exception):
    """Wrong email or password, or locked: the person is told the same thing either way."""


@dataclass(frozen=True)
class SignedIn:
    staff_id: str
    display_name: str
    roles: tuple[str, ...]
    organisation_id: str | None = None  # where they start working: their first, by name


def sign_in(  # type: ignore[no-untyped-def]
    email: str,
    password: str,
    client_address: str,
    uow,
    hasher: PasswordHasher,
    clock: Clock = utc_now,
) -> SignedIn:
    now = clock()
    with uow:
        if uow.sign_in_failures.recent(client_address, now) >= MAX_FAILURES_PER_ADDRESS:
            raise SignInRefused("too many attempts from this address")
        staff = uow.staff.by_email(email.strip().lower())
        matches = hasher.verify(staff.password_hash if staff else None, password)
        if staff is None or staff.is_locked(now) or not matches or not staff.active:
            if staff is not None and staff.active and not staff.is_locked(now):
                staff.sign_in_failed(now)
            uow.sign_in_failures.add(client_address, now)
            uow.commit()
            raise SignInRefused("refused")
        staff.signed_in()
        if hasher.needs_rehash(staff.password_hash):  # only now do we have the password
            staff.password_hash = hasher.hash(password)
            log.info("staff.password_rehashed", staff_id=staff.id)
        uow.commit()
        first = _first_organisation(staff, uow)
        return SignedIn(staff.id, staff.display_name, tuple(sorted(staff.roles_in(first))), first)


def _first_organisation(staff: StaffMember, uow) -> str | None:  # type: ignore[no-untyped-def]
    names = {o.id: o.name for o in uow.organisations.all()}
    mine = [org for org in staff.holding() if org in names]
    return min(mine, key=lambda org: names[org].lower(), default=None)


def create_staff(
    email: str,
    display_name: str,
    password: str,
    roles: set[str],
    created_by: str | None,
    uow,
    hasher: PasswordHasher,
    clock: Clock = utc_now,
    organisation_id: str | None = None,
) -> str:  # type: ignore[no-untyped-def]
    """A new account with roles in the organisation (the one in scope, else the first); if
    the person has an account already (with another organisation), it gets roles here too and
    keeps its own password."""
    with uow:
        # Outside any organisation (the command line) and with none named, an account that
        # exists is refused as before: the seeds and create-admin rely on it.
        joining = organisation_id is not None or uow.organisation_id is not None
        organisation_id = organisation_id or uow.organisation_id or FIRST_ORGANISATION_ID
        known = uow.staff.by_email(email.strip().lower())
        if known is not None and (known.belongs_to(organisation_id) or not joining):
            raise StaffRuleBroken("email", "There is already an account with this email address.")
        account = give_roles(
            email, display_name, password, roles, organisation_id, created_by, uow, hasher, clock()
        )
        uow.commit()
        return account.id


def give_roles(  # type: ignore[no-untyped-def]
    email: str,
    display_name: str,
    password: str,
    roles: set[str],
    organisation_id: str,
    created_by: str | None,
    uow,
    hasher: PasswordHasher,
    now: datetime,
) -> StaffMember:
    """Inside the caller's unit of work: roles in the organisation for the account with this
    email (which keeps its own password), or a new account with this password."""
    known = uow.staff.by_email(email.strip().lower())
    if known is not None:
        known.join(organisation_id, roles, now)
        return known
    if len(password) < 12:
        raise StaffRuleBroken("password", "Use a password of at least 12 characters.")
    account = StaffMember.create(
        email, display_name, hasher.hash(password), roles, now, created_by, organisation_id
    )
    uow.staff.add(account)
    return account


def change_staff(  # type: ignore[no-untyped-def]
    staff_id: str, display_name: str, roles: set[str], by: str, uow, clock: Clock = utc_now
) -> None:
    """An admin changes someone's name or roles; an admin cannot take away their own admin."""
    if staff_id == by and "admin" not in roles:
        raise StaffRuleBroken("roles", "You cannot take away your own admin role.")
    with uow:
        staff = _account(staff_id, uow)
        if staff.change(display_name, roles, clock(), uow.organisation_id or FIRST_ORGANISATION_ID):
            uow.commit()
            log.info("staff.account_changed", staff_id=staff_id, by=by, roles=sorted(roles))


@dataclass(frozen=True)
class ActiveSet:
    name: str
    everywhere: bool  # the whole account was disabled (no roles left in any organisation)


def set_active(  # type: ignore[no-untyped-def]
    staff_id: str, active: bool, by: str, uow, clock: Clock = utc_now
) -> ActiveSet:
    """Disable or enable an account in the organisation in scope (none in scope: everywhere).
    Disabled with no other organisation's roles left, it cannot sign in and every session
    ends, in every service."""
    if staff_id == by and not active:
        raise StaffRuleBroken("active", "You cannot disable your own account.")
    with uow:
        staff = _account(staff_id, uow)
        now = clock()
        if active:
            staff.enable(now, uow.organisation_id)
            everywhere = False
        else:
            everywhere = staff.disable(now, uow.organisation_id)
        uow.commit()
        log.info("staff.account_enabled" if active else "staff.account_disabled",
                 staff_id=staff_id, by=by, organisation_id=uow.organisation_id,
                 everywhere=everywhere)  # fmt: skip
        return ActiveSet(staff.display_name, everywhere)


def _account(staff_id: str, uow) -> StaffMember:  # type: ignore[no-untyped-def]
    staff = uow.staff.get(staff_id)
    if staff is None:
        raise NotFound(staff_id)
    return staff


def sign_out_everywhere(staff_id: str, uow, clock: Clock = utc_now) -> None:  # type: ignore[no-untyped-def]
    with uow:
        staff = uow.staff.account(staff_id)  # their own account, whichever organisation
        if staff is not None:
            staff.sign_out_everywhere(clock())
            uow.commit()


# The bus's handlers: each command with the password hasher and the clock bootstrap gives.
def signs_in(cmd: commands.SignIn, uow, passwords: PasswordHasher, clock: Clock) -> SignedIn:  # type: ignore[no-untyped-def]
    return sign_in(cmd.email, cmd.password, cmd.client_address, uow, passwords, clock)


def creates(cmd: commands.CreateStaff, uow, passwords: PasswordHasher, clock: Clock) -> str:  # type: ignore[no-untyped-def]
    roles = set(cmd.roles)
    return create_staff(
        cmd.email, cmd.display_name, cmd.password, roles, cmd.created_by, uow, passwords, clock
    )


def changes(cmd: commands.ChangeStaff, uow, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    change_staff(cmd.staff_id, cmd.display_name, set(cmd.roles), cmd.by, uow, clock)


def sets_active(cmd: commands.SetStaffActive, uow, clock: Clock) -> ActiveSet:  # type: ignore[no-untyped-def]
    return set_active(cmd.staff_id, cmd.active, cmd.by, uow, clock)


def signs_out_everywhere(cmd: commands.SignOutEverywhere, uow, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    sign_out_everywhere(cmd.staff_id, uow, clock)
