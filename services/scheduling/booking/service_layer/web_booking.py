"""Booking on the web: changing a booking to another time of the same session."""

from __future__ import annotations

from datetime import datetime

from services.scheduling.booking.commands import MoveBooking
from services.scheduling.booking.domain import moves
from services.scheduling.booking.service_layer.results import BookingResult
from services.scheduling.panels.domain import members_only
from services.scheduling.people.domain import withdrawn
from services.scheduling.ports import NotFound, UnitOfWork, once_more_on_conflict
from shared.clock import Clock, utc_now


def move_booking(cmd: MoveBooking, uow: UnitOfWork, clock: Clock = utc_now) -> BookingResult:
    """Move the person's booking in the slot's session to this slot, in one unit of work:
    every refusal (full, closed, started, too late to cancel the old time) comes before any
    change. With nothing held it simply books; asking again for the held slot changes nothing."""
    now = clock()
    return once_more_on_conflict(lambda: _move(cmd, uow, now))


def _move(cmd: MoveBooking, uow: UnitOfWork, now: datetime) -> BookingResult:
    with uow:
        slot = uow.slots.lock(cmd.slot_id)
        if slot is None:
            raise NotFound("There is no such time to book.")
        held, gone = uow.bookings.standing(slot.session_id, cmd.participant_id)
        if gone:
            raise withdrawn()  # they took back their consent to take part
        if uow.bookings.outside_panel(slot.session_id, cmd.participant_id):
            raise members_only()
        if held is not None and held.slot_id != slot.id:
            old = uow.slots.get(held.slot_id)
            assert old is not None  # a foreign key keeps every booking's slot
            booking = moves.move(held, old, slot, now, cmd.booked_via)
            uow.commit()
            return BookingResult(booking, slot, created=True)
        booking = slot.book(cmd.participant_id, held, now, cmd.booked_via)
        uow.commit()
        return BookingResult(booking, slot, created=booking is not held)
