"""What scheduling keeps or lets go of about people, built from recruitment's events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class KeepContact:
    """Only the preferred name and the access and support needs, for staff pages."""

    participant_id: str
    preferred_name: str
    support_needs: tuple[str, ...]
    interpreter_language: str | None = None  # the spoken language of the "interpreter" need


@dataclass(frozen=True)
class ForgetContact:
    participant_id: str


@dataclass(frozen=True)
class KeepStaffName:
    staff_id: str
    name: str
    changed_at: datetime
    roles: list[str] | None = None
    active: bool | None = None
    memberships: dict[str, list[str]] | None = None  # shared.staff_sessions.memberships_of


@dataclass(frozen=True)
class Withdraw:
    """They took back their consent to take part."""

    participant_id: str


@dataclass(frozen=True)
class ConsentAgain:
    participant_id: str


@dataclass(frozen=True)
class Erase:
    participant_id: str


@dataclass(frozen=True)
class LeaveOrganisation:
    """They left one organisation: its sessions let them go, the others keep them."""

    participant_id: str
    organisation_id: str


@dataclass(frozen=True)
class ForgetInOrganisation:
    """They asked one organisation to delete what it holds about them: its sessions let them
    go and its part of them is erased; the other organisations keep them."""

    participant_id: str
    organisation_id: str
