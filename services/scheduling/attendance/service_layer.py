"""Recording attendance (a coordinator, after the session starts): one booking at a time (the
staff API), or a whole register on one form, which records every answer or none."""

from __future__ import annotations

from datetime import datetime

from services.scheduling.attendance.commands import Answer, RecordAttendance, RecordRegister
from services.scheduling.attendance.domain import Attendance, record_attendance
from services.scheduling.ports import NotFound, UnitOfWork
from services.scheduling.sessions.domain.booking import BookingRefused
from shared.clock import Clock, utc_now


class RegisterRefused(Exception):
    """Some rows break the rules; nothing was recorded. `refusals` is by booking id."""

    def __init__(self, refusals: dict[str, BookingRefused]) -> None:
        super().__init__(f"{len(refusals)} rows refused")
        self.refusals = refusals


def record(cmd: RecordAttendance, uow: UnitOfWork, clock: Clock = utc_now) -> Attendance:
    with uow:
        answer = Answer(cmd.booking_id, cmd.outcome, cmd.minutes)
        found = _record(answer, cmd.by, uow, clock())
        uow.commit()
        return found


def record_register(
    cmd: RecordRegister, uow: UnitOfWork, clock: Clock = utc_now
) -> list[Attendance]:
    """Every answer is checked by the same rules as one booking's; if any is refused, none is
    recorded (RegisterRefused says which rows and why), so the form can be sent again as is."""
    now = clock()
    with uow:
        recorded, refusals = [], {}
        for answer in cmd.answers:
            try:
                recorded.append(_record(answer, cmd.by, uow, now))
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
