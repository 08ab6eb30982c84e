"""Booking a time and cancelling a booking (the staff API, the booking pages, the bench)."""

from __future__ import annotations

from datetime import datetime

from services.scheduling.booking.commands import BookSlot, CancelBooking
from services.scheduling.booking.service_layer.results import BookingResult
from services.scheduling.panels.domain import members_only
from services.scheduling.people.domain import withdrawn
from services.scheduling.ports import NotFound, UnitOfWork, once_more_on_conflict
from services.scheduling.waitlist.service_layer.offers import offer_free_places
from shared.clock import Clock, utc_now


def book_slot(cmd: BookSlot, uow: UnitOfWork, clock: Clock = utc_now) -> BookingResult:
    now = clock()
    return once_more_on_conflict(lambda: _book(cmd, uow, now))


def _book(cmd: BookSlot, uow: UnitOfWork, now: datetime) -> BookingResult:
    with uow:
        # The desk, not the whole Slot: booking is the hot path (booking/domain/desk.py).
        slot = uow.desk.open(cmd.slot_id, cmd.participant_id)
        if slot is None:
            raise NotFound("There is no such time to book.")
        if slot.withdrawn:
            raise withdrawn()  # they took back their consent to take part
        if slot.outsider:
            raise members_only()  # a panel's meeting: its members answer their invitation
        booking = slot.book(cmd.participant_id, now, cmd.booked_via)
        created = booking is not slot.held
        if created:
            uow.desk.add(booking)
        uow.events.extend(slot.events)  # staged in this transaction's outbox on commit
        uow.commit()
        return BookingResult(booking, slot, created=created)


def cancel_booking(cmd: CancelBooking, uow: UnitOfWork, clock: Clock = utc_now) -> BookingResult:
    with uow:
        booking = uow.bookings.lock(cmd.booking_id)
        if booking is None:
            raise NotFound("There is no such booking.")
        # The slot is locked after the booking (the one lock order): the freed place is offered
        # to the first person on the waitlist, which must not overfill it.
        slot = uow.slots.lock(booking.slot_id)
        assert slot is not None  # a foreign key keeps every booking's slot
        now = clock()
        slot.cancel(booking, now)
        offer_free_places(slot, uow, now)
        uow.commit()
        return BookingResult(booking, slot)
