"""What coordinators record about how booked people took part."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    booking_id: str
    outcome: str
    minutes: int | None


@dataclass(frozen=True)
class RecordAttendance:
    booking_id: str
    outcome: str
    minutes: int | None
    by: str  # the staff member's id


@dataclass(frozen=True)
class RecordRegister:
    """A whole register on one form: every answer is recorded, or none."""

    answers: tuple[Answer, ...]
    by: str
