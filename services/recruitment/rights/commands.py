"""What a participant asks of their own data."""

from __future__ import annotations

from dataclasses import dataclass

from services.recruitment.participants.domain.model import Profile


@dataclass(frozen=True)
class UpdateMyDetails:
    """The person's new contact details and profile, from their own page."""

    participant_id: str
    preferred_name: str
    phone: str | None
    email: str | None
    preferred_channel: str
    language: str
    profile: Profile


@dataclass(frozen=True)
class WithdrawConsent:
    participant_id: str
    scope: str  # "taking_part" or "special_category"
    channel: str  # how they told us: "web", "sms"


@dataclass(frozen=True)
class ForgetMe:
    """Erasure (UK GDPR article 17), asked by the person themselves."""

    participant_id: str


@dataclass(frozen=True)
class LeaveOrganisation:
    """The person leaves one organisation, from their own page; the others keep them."""

    participant_id: str
    organisation_id: str


@dataclass(frozen=True)
class EraseFromOrganisation:
    """The person leaves one organisation and asks it to forget them (UK GDPR article 17, that
    data controller only). From the last organisation they are with, it is ForgetMe."""

    participant_id: str
    organisation_id: str
