"""What a coordinator asks of their calendar feed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ResetCalendarFeed:
    """Make a new secret for the staff member's feed (the first, or one that replaces the old:
    a calendar still holding the old address then gets 404)."""

    staff_id: str
    organisation_id: str
