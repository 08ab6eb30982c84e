"""Recording attendance (a coordinator, after the session starts): one booking at a time (the
staff API), or a whole register on one form, which records every answer or none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from services.scheduling.attendance.domain import Attendance, record_attendance
from services.scheduling.ports import NotFound, UnitOfWork
from services.scheduling.sessions.domain.model import BookingRefused


@dataclass(frozen=True)
class Answer:
    booking_id: str
    outcome: str
    minutes: int | None


class RegisterRefused(Exception):
    """Some rows break the rules; nothing was recorded. `refusals` is by booking id."""

    def __init__(self, refusals: dict[str, BookingRefused]) -> None:
        super().__init__(f"{len(refusals)} rows refused")
        self.refusals = refusals


def record(
    booking_id: str,
    outcome: str,
    minutes: int | None,
    by: str,
    uow: UnitOfWork,
    now: datetime | None = None,
) -> Attendance:
    with uow:
        found = _record(Answer(booking_id, outcome, minutes), by, uow, now or datetime.now(UTC))
        uow.commit()
        return found


def record_register(
    answers: list[Answer], by: str, uow: UnitOfWork, now: datetime | None = None
) -> list[Attendance]:
    """Every answer is checked by the same rules as one booking's; if any is refused, none is
    recorded (RegisterRefused says which rows and why), so the form can be sent again as is."""
    now = now or datetime.now(UTC)
    with uow:
        recorded, refusals = [], {}
        for answer in answers:
            try:
                recorded.append(_record(answer, by, uow, now))
            except BookingRefused as refused:
                refusals[answer.booking_id] = refused
        if refusals:
            raise RegisterRefused(refusals)  # leaving the unit of work rolls everything back
        uow.commit()
        return recorded


def _record(answer: Answer, by: str, uow: UnitOfWork, now: datetime) -> Attendance:
    booking = uow.bookings.lock(answer.booking_id)
    if booking is None:
        raise NotFound("There is no such booking.")
    if uow.attendance.get(answer.booking_id) is not None:
        # Payments pays once per booking: a correction is a conversation with finance.
        raise BookingRefused("recorded", "Attendance for this booking is already recorded.")
    slot = uow.slots.get(booking.slot_id)
    assert slot is not None
    found = record_attendance(slot, booking, answer.outcome, answer.minutes, by, now)
    uow.attendance.add(found)
    return found
