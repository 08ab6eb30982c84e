"""What a platform admin asks of organisations."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.recruitment.organisations.domain.organisation import Details


@dataclass(frozen=True)
class FirstAdmin:
    """Who runs the new organisation: an account that exists gets the admin role there;
    otherwise one is made with this name and password."""

    email: str
    display_name: str
    password: str = field(default="", repr=False)


@dataclass(frozen=True)
class CreateOrganisation:
    details: Details
    created_by: str | None  # the platform admin (None: the demo seeds)
    first_admin: FirstAdmin | None = None


@dataclass(frozen=True)
class ChangeOrganisation:
    organisation_id: str
    details: Details
    by: str
