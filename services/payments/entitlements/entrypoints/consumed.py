"""Scheduling's AttendanceRecorded as payments' command, from the payload the consumer loaded."""

from __future__ import annotations

from typing import Any

from services.payments.entitlements.commands import RecordAttendance
from services.payments.entitlements.domain.model import SYSTEM


def attendance_recorded(data: dict[str, Any]) -> RecordAttendance:
    return RecordAttendance(
        str(data["booking_id"]), str(data["participant_id"]), str(data["activity_id"]),
        data["outcome"], data["minutes_attended"], data["session_minutes"],
        data.get("session_starts_at"), str(data.get("recorded_by") or SYSTEM),
    )  # fmt: skip
