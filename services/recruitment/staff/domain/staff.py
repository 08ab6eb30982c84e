"""Staff accounts: who may sign in, with which roles, and the rules that keep them safe."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.recruitment.participants.domain.events import StaffProfileChanged
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID, PLATFORM_ADMIN

ROLES = ("coordinator", "finance_approver", "admin")  # what an admin may give a colleague
MAX_FAILED_SIGN_INS = 5
LOCKOUT = timedelta(minutes=15)


@dataclass(frozen=True)
class StaffSessionsRevoked:
    staff_id: str
    valid_after: datetime


class StaffRuleBroken(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class StaffMember:
    """A staff account. `roles` are the ones that hold everywhere (platform_admin); the rest are
    per organisation, in `memberships` (organisation id to its roles): a coordinator at one ICB
    and a finance approver at a charity can be the same person."""

    def __init__(
        self,
        id: str,
        email: str,
        display_name: str,
        password_hash: str,
        roles: str,
        created_at: datetime,
        created_by: str | None,
        memberships: dict[str, list[str]] | None = None,
    ) -> None:
        self.id = id
        self.email = email
        self.display_name = display_name
        self.password_hash = password_hash
        self.roles = roles  # space-separated, stored as one column: platform_admin or nothing
        self.memberships = memberships or {}  # stored as JSON: replaced, never changed in place
        # Organisations whose admin disabled the account there: its roles there are kept (for
        # enabling again) but hold nowhere (JSON, replaced like memberships).
        self.suspended_in: list[str] = []
        self.failed_sign_ins = 0
        self.locked_until: datetime | None = None
        self.sessions_valid_after = created_at
        self.active = True  # a disabled account cannot sign in, and its sessions have ended
        self.created_at = created_at
        self.created_by = created_by
        self.events: list[object] = []

    @classmethod
    def create(
        cls,
        email: str,
        display_name: str,
        password_hash: str,
        roles: set[str],
        now: datetime,
        created_by: str | None,
        organisation_id: str = FIRST_ORGANISATION_ID,
    ) -> StaffMember:
        """A new account with `roles` in `organisation_id` (platform_admin: everywhere)."""
        _check(display_name, roles)
        here = sorted(roles - {PLATFORM_ADMIN})
        staff = cls(
            str(uuid.uuid4()),
            email.strip().lower(),
            display_name.strip(),
            password_hash,
            " ".join(sorted(roles & {PLATFORM_ADMIN})),
            now,
            created_by,
            {organisation_id: here} if here else {},
        )
        staff.events.append(staff.profile(now))
        return staff

    def profile(self, now: datetime) -> StaffProfileChanged:
        memberships = [
            {"organisation_id": org, "roles": sorted(roles)}
            for org, roles in sorted(self.holding().items())
        ]
        return StaffProfileChanged(
            self.id,
            self.display_name,
            self.email,
            sorted(self.role_set),
            self.active,
            now,
            memberships,
        )

    def change(
        self,
        display_name: str,
        roles: set[str],
        now: datetime,
        organisation_id: str = FIRST_ORGANISATION_ID,
    ) -> bool:
        """A new name, or new roles in one organisation, announced so every service uses them at
        once. Running the platform is not offered on the account form: it is kept."""
        _check(display_name, roles)
        name = display_name.strip()
        memberships = {**self.memberships, organisation_id: sorted(roles - {PLATFORM_ADMIN})}
        if (name, memberships) == (self.display_name, self.memberships):
            return False
        self.display_name, self.memberships = name, memberships
        self.events.append(self.profile(now))
        return True

    def join(self, organisation_id: str, roles: set[str], now: datetime) -> None:
        """Roles in one more organisation (an admin there added someone who has an account)."""
        if organisation_id in self.memberships:
            raise StaffRuleBroken("email", "This person already has an account here.")
        _check(self.display_name, roles)
        here = sorted(roles - {PLATFORM_ADMIN})
        self.memberships = {**self.memberships, organisation_id: here}
        self.events.append(self.profile(now))

    def holding(self) -> dict[str, list[str]]:
        """The memberships whose roles hold: not those in organisations that disabled it."""
        return {
            org: roles
            for org, roles in self.memberships.items()
            if roles and org not in self.suspended_in
        }

    def roles_in(self, organisation_id: str | None) -> set[str]:
        here = self.holding().get(organisation_id or "", ())
        return set(here) | set(self.roles.split())

    def given_in(self, organisation_id: str | None) -> set[str]:
        """The roles given there, holding or not (what the account pages show and edit)."""
        return set(self.memberships.get(organisation_id or "", ())) | set(self.roles.split())

    def active_in(self, organisation_id: str | None) -> bool:
        return self.active and (organisation_id or "") not in self.suspended_in

    def belongs_to(self, organisation_id: str | None) -> bool:
        return bool(self.memberships.get(organisation_id or ""))

    def disable(self, now: datetime, organisation_id: str | None = None) -> bool:
        """Disabled in one organisation (its roles there stop holding, the others stay), or in
        all of them (None, or when no other organisation's roles are left): then no more
        signing in, and every session ends in every service. True if the whole account is."""
        if organisation_id is not None and organisation_id not in self.suspended_in:
            self.suspended_in = sorted({*self.suspended_in, organisation_id})
            if self.holding() or self.roles.split():
                self.events.append(self.profile(now))
                return False
        if not self.active:
            return True
        self.active = False
        self.sign_out_everywhere(now)
        self.events.append(self.profile(now))
        return True

    def enable(self, now: datetime, organisation_id: str | None = None) -> None:
        """Signing in works again, with the roles in `organisation_id` (None: everywhere);
        sessions from before the account was disabled stay ended."""
        suspended = [org for org in self.suspended_in if organisation_id not in (None, org)]
        if self.active and suspended == self.suspended_in:
            return
        self.active, self.suspended_in = True, suspended
        self.failed_sign_ins, self.locked_until = 0, None
        self.events.append(self.profile(now))

    @property
    def role_set(self) -> set[str]:
        """Every role the account has anywhere (StaffProfileChanged's `roles`)."""
        anywhere = {role for roles in self.holding().values() for role in roles}
        return anywhere | set(self.roles.split())

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def sign_in_failed(self, now: datetime) -> None:
        self.failed_sign_ins += 1
        if self.failed_sign_ins >= MAX_FAILED_SIGN_INS:
            self.locked_until = now + LOCKOUT
            self.failed_sign_ins = 0

    def signed_in(self) -> None:
        self.failed_sign_ins = 0
        self.locked_until = None

    def sign_out_everywhere(self, now: datetime) -> None:
        """Every session issued before now stops working, in every service."""
        self.sessions_valid_after = now
        self.events.append(StaffSessionsRevoked(self.id, now))


def _check(display_name: str, roles: set[str]) -> None:
    if roles - {*ROLES, PLATFORM_ADMIN} or not roles:
        raise StaffRuleBroken("roles", "Choose at least one role.")
    if not display_name.strip():
        raise StaffRuleBroken("display_name", "Enter the person's name.")
