"""What a platform admin asks of organisations."""

from __future__ import annotations

from dataclasses import dataclass

from services.recruitment.organisations.domain.organisation import Details


@dataclass(frozen=True)
class CreateOrganisation:
    details: Details
    created_by: str  # the platform admin


@dataclass(frozen=True)
class ChangeOrganisation:
    organisation_id: str
    details: Details
    by: str
