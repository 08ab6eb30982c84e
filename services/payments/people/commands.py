"""What recruitment tells payments about activities and people (the consumer builds these)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID


@dataclass(frozen=True)
class NoteActivity:
    """ActivityPublished: its title and status, and its offer (a payment policy)."""

    activity_id: str
    title: str
    status: str
    changed_at: datetime
    rate_pence: int
    rate_unit: str
    expenses_covered: bool
    organisation_id: str = FIRST_ORGANISATION_ID  # older events carry none: the first's


@dataclass(frozen=True)
class NoteContact:
    participant_id: str
    preferred_name: str


@dataclass(frozen=True)
class ForgetContact:
    """The recruitment.contact tombstone."""

    participant_id: str


@dataclass(frozen=True)
class NoteStaff:
    staff_id: str
    name: str
    active: bool
    changed_at: datetime
    roles: list[str] | None
    memberships: dict[str, list[str]] | None = None  # shared.staff_sessions.memberships_of


@dataclass(frozen=True)
class Forget:
    """ErasureRequested: forget what the law does not make payments keep."""

    participant_id: str
    requested_at: datetime


@dataclass(frozen=True)
class ForgetInOrganisation:
    """ErasureFromOrganisationRequested: forget what that organisation's activities hold of them,
    except what the law makes payments keep; what is the person's own (their name, their Stripe
    account, how they are paid) stays, since the other organisations still pay them."""

    participant_id: str
    organisation_id: str
    requested_at: datetime
