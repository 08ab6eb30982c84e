"""Recording attendance, one booking at a time (a coordinator, after the session starts)."""

from __future__ import annotations

from datetime import UTC, datetime

from services.scheduling.domain.attendance import Attendance, record_attendance
from services.scheduling.domain.model import BookingRefused
from services.scheduling.service_layer.handlers import NotFound
from services.scheduling.service_layer.ports import UnitOfWork


def record(
    booking_id: str,
    outcome: str,
    minutes: int | None,
    by: str,
    uow: UnitOfWork,
    now: datetime | None = None,
) -> Attendance:
    with uow:
        booking = uow.bookings.lock(booking_id)
        if booking is None:
            raise NotFound("There is no such booking.")
        if uow.attendance.get(booking_id) is not None:
            # Payments pays once per booking: a correction is a conversation with finance.
            raise BookingRefused("recorded", "Attendance for this booking is already recorded.")
        slot = uow.slots.get(booking.slot_id)
        assert slot is not None
        record = record_attendance(slot, booking, outcome, minutes, by, now or datetime.now(UTC))
        uow.attendance.add(record)
        uow.commit()
        return record
