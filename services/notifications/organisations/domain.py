"""An organisation as notifications keeps it: what recruitment last said of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Organisation:
    """OrganisationChanged's public details. None for a sender: the deployment's own is used
    (TWILIO_FROM_NUMBER, EMAIL_FROM)."""

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

    def replaces(self, kept: Organisation | None) -> bool:
        """Whether this news replaces what is kept: a replay of an older change does not."""
        return kept is None or self.changed_at >= kept.changed_at
