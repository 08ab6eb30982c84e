"""What callers ask of reach."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RecordAttendance:
    """Scheduling's AttendanceRecorded: someone's outcome at a session of an activity."""

    participant_id: str
    activity_id: str
    outcome: str
    session_starts_at: datetime
