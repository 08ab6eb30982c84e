"""An organisation as every service but recruitment keeps it: what recruitment last said of it
in OrganisationChanged (recruitment.organisation). Plain Python, so any service's domain may
read it; the table and repository are shared/organisations.py."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Organisation:
    """OrganisationChanged's public details. None for a sender or Stripe account: the
    deployment's own is used (TWILIO_FROM_NUMBER, EMAIL_FROM; the platform's Stripe account)."""

    organisation_id: str
    name: str
    short_name: str
    welsh_name: str | None
    public_contact: str
    privacy_notice_url: str | None
    accessibility_contact: str | None
    logo_url: str | None
    sms_sender: str | None
    email_from_name: str | None
    email_from_address: str | None
    stripe_account: str | None
    finance_threshold_pence: int
    changed_at: datetime

    @classmethod
    def from_event(cls, data: Mapping[str, Any]) -> Organisation:
        """From OrganisationChanged's data as the contract loads it (the id may be a UUID)."""
        details = {field.name: data[field.name] for field in dataclasses.fields(cls)}
        return cls(**{**details, "organisation_id": str(details["organisation_id"])})

    def replaces(self, kept: Organisation | None) -> bool:
        """Whether this news replaces what is kept: a replay of an older change does not."""
        return kept is None or self.changed_at >= kept.changed_at
