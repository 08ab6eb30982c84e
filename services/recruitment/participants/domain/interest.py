"""An expression of interest: one person signing up to one activity, through one channel."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

# interested -> shortlisted -> invited -> took_part; withdrawn at any point.
INTEREST_STATUSES = ("interested", "shortlisted", "invited", "took_part", "withdrawn")


@dataclass
class ExpressionOfInterest:
    id: str
    participant_id: str
    activity_id: str
    channel_id: str | None
    channel_kind: str
    partner: str | None
    status: str
    created_at: datetime
    took_part_at: datetime | None = None

    @classmethod
    def record(
        cls,
        participant_id: str,
        activity_id: str,
        channel_id: str | None,
        channel_kind: str,
        partner: str | None,
        now: datetime,
    ) -> ExpressionOfInterest:
        return cls(
            str(uuid.uuid4()),
            participant_id,
            activity_id,
            channel_id,
            channel_kind,
            partner,
            "interested",
            now,
        )
