"""What recruitment tells scheduling about activities (the consumer builds these)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeepActivityOrganisation:
    """ActivityPublished: only whose activity it is (the other fields are not kept here)."""

    activity_id: str
    organisation_id: str
