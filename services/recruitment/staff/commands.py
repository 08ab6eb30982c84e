"""What staff ask of their accounts (the passwords never show in a repr)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SignIn:
    email: str
    password: str = field(repr=False)
    client_address: str  # failed sign-ins are counted per address


@dataclass(frozen=True)
class CreateStaff:
    email: str
    display_name: str
    password: str = field(repr=False)
    roles: frozenset[str] = frozenset()
    created_by: str | None = None


@dataclass(frozen=True)
class ChangeStaff:
    staff_id: str
    display_name: str
    roles: frozenset[str]
    by: str  # the admin changing it


@dataclass(frozen=True)
class SetStaffActive:
    staff_id: str
    active: bool
    by: str


@dataclass(frozen=True)
class SignOutEverywhere:
    staff_id: str
