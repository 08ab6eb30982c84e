"""Facts the recruitment domain records; adapters decide how each is announced."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ParticipantSignedUp:
    participant_id: str
    sign_up_channel: str
    preferred_channel: str
    language: str
    signed_up_at: datetime
    activity_id: str | None = None
    channel_code: str | None = None


@dataclass(frozen=True)
class ContactDetailsChanged:
    participant_id: str
    preferred_name: str
    phone: str | None
    email: str | None
    preferred_channel: str
    language: str
    support_needs: list[str] = field(default_factory=list)
    # The spoken language an interpreter is needed in (only with the "interpreter" need).
    interpreter_language: str | None = None


@dataclass(frozen=True)
class ConsentGiven:
    participant_id: str
    scope: str
    consent_version: str
    channel: str
    given_at: datetime
    organisation_id: str | None = None  # whose: the organisation of the activity signed up to


@dataclass(frozen=True)
class ConsentWithdrawn:
    participant_id: str
    scope: str
    channel: str
    withdrawn_at: datetime


@dataclass(frozen=True)
class ParticipantLeftOrganisation:
    participant_id: str
    organisation_id: str
    left_at: datetime


@dataclass(frozen=True)
class ErasureFromOrganisationRequested:
    """The person asked one organisation to forget them; they have left it already."""

    participant_id: str
    organisation_id: str
    requested_at: datetime


@dataclass(frozen=True)
class ErasureRequested:
    participant_id: str
    requested_at: datetime


@dataclass(frozen=True)
class ParticipantSessionsEnded:
    participant_id: str
    ended_at: datetime


@dataclass(frozen=True)
class ParticipantInvited:
    invitation_id: str
    participant_id: str
    activity_id: str
    activity_title: str
    respond_by: datetime | None
    paid: bool | None = None


@dataclass(frozen=True)
class ActivityPublished:
    """An activity as other services show and pay it: created, saved, opened or closed."""

    activity_id: str
    title: str
    status: str
    rate_pence: int
    rate_unit: str
    expenses_covered: bool
    changed_at: datetime
    organisation_id: str | None = None  # whose activity


@dataclass(frozen=True)
class StaffProfileChanged:
    """A staff account as other services name and tell it (created or changed)."""

    staff_id: str
    name: str
    email: str
    roles: list[str]  # every role anywhere
    active: bool
    changed_at: datetime
    # [{"organisation_id", "roles"}]: the roles in each organisation
    memberships: list[dict[str, object]] = field(default_factory=list)
