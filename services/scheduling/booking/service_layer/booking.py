"""Scheduling use cases, one function each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from services.scheduling.people.domain import withdrawn
from services.scheduling.ports import UnitOfWork, once_more_on_conflict
from services.scheduling.sessions.commands import BookSlot, CancelBooking, CreateSession
from services.scheduling.sessions.domain.model import Booking, Session, Slot


class NotFound(LookupError):
    """No such slot or booking; the message is safe to show."""


@dataclass(frozen=True)
class BookingResult:
    booking: Booking
    slot: Slot
    created: bool = False  # True only when this request made the booking


def create_session(cmd: CreateSession, uow: UnitOfWork, now: datetime | None = None) -> Session:
    with uow:
        session = Session.create(
            cmd.activity_id,
            cmd.activity_title,
            cmd.format,
            cmd.location,
            cmd.access_features,
            cmd.joining_url,
            list(cmd.slots),
            now or datetime.now(UTC),
            cmd.requires_approval,
            cmd.directions,
        )
        uow.sessions.add(session)
        uow.commit()
        return session


def book_slot(cmd: BookSlot, uow: UnitOfWork, now: datetime | None = None) -> BookingResult:
    return once_more_on_conflict(lambda: _book(cmd, uow, now or datetime.now(UTC)))


def _book(cmd: BookSlot, uow: UnitOfWork, now: datetime) -> BookingResult:
    with uow:
        slot = uow.slots.lock(cmd.slot_id)
        if slot is None:
            raise NotFound("There is no such time to book.")
        held, gone = uow.bookings.standing(slot.session_id, cmd.participant_id)
        if gone:
            raise withdrawn()  # they took back their consent to take part
        booking = slot.book(cmd.participant_id, held, now, cmd.booked_via)
        uow.commit()
        return BookingResult(booking, slot, created=booking is not held)


def cancel_booking(
    cmd: CancelBooking, uow: UnitOfWork, now: datetime | None = None
) -> BookingResult:
    with uow:
        booking = uow.bookings.lock(cmd.booking_id)
        if booking is None:
            raise NotFound("There is no such booking.")
        # The slot is locked after the booking (the one lock order): the freed place is offered
        # to the first person on the waitlist, which must not overfill it.
        slot = uow.slots.lock(booking.slot_id)
        assert slot is not None  # a foreign key keeps every booking's slot
        # (imported here: waitlists builds on this module's BookingResult)
        from services.scheduling.waitlist.service_layer.waitlists import offer_free_places

        now = now or datetime.now(UTC)
        slot.cancel(booking, now)
        offer_free_places(slot, uow, now)
        uow.commit()
        return BookingResult(booking, slot)
