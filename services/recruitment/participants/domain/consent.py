"""Consent as versioned text, recorded with its time and channel, and withdrawable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# Bump when the wording of the consent text changes; records keep the version people saw.
CURRENT_CONSENT_VERSION = "2026-11"
CONSENT_SCOPES = ("taking_part", "special_category")


@dataclass
class ConsentRecord:
    participant_id: str
    scope: str
    version: str
    channel: str
    given_at: datetime
    withdrawn_at: datetime | None = None
    id: int | None = None
    # Whose consent it is: each organisation is its own data controller, so a person agrees
    # to each one they take part with. None only for rows from before organisations.
    organisation_id: str | None = None

    @property
    def standing(self) -> bool:
        return self.withdrawn_at is None


def agreed_with(records: list[ConsentRecord], organisation_id: str) -> bool:
    """They have a standing consent to take part with this organisation."""
    return any(
        r.standing and r.scope == "taking_part" and r.organisation_id == organisation_id
        for r in records
    )
