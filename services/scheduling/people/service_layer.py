"""A person who withdrew their consent to take part, or asked to be forgotten.

Both free the places they hold (confirmed, pending or held from a waitlist) without a message
to them, so the waitlist passes each place on as usual. Withdrawal keeps a marker that refuses
new bookings and poll invitations (and so reminders, which only confirmed bookings get) until
they consent again; erasure also deletes what is only about them and leaves their past
bookings under a random id, so reporting still counts who came. Both run inside the
consumer's unit of work (the caller commits) and are safe to run twice."""

from __future__ import annotations

from datetime import datetime

from services.scheduling.people import domain as forgetting
from services.scheduling.ports import UnitOfWork
from services.scheduling.waitlist.service_layer.waitlists import offer_free_places


def withdraw(participant_id: str, uow: UnitOfWork, now: datetime) -> None:
    uow.people.withdraw(participant_id, now)
    _let_go(participant_id, uow, now)


def consent_again(participant_id: str, uow: UnitOfWork) -> None:
    uow.people.consent_again(participant_id)


def erase(participant_id: str, uow: UnitOfWork, now: datetime) -> None:
    _let_go(participant_id, uow, now)
    uow.people.erase(participant_id)


def _let_go(participant_id: str, uow: UnitOfWork, now: datetime) -> None:
    for booking_id in uow.people.live_bookings(participant_id):
        booking = uow.bookings.lock(booking_id)  # the booking, then its slot: the one lock order
        slot = uow.slots.lock(booking.slot_id) if booking else None
        if booking is not None and slot is not None and forgetting.release(booking, now):
            offer_free_places(slot, uow, now)
    for entry_id, slot_id in uow.people.waitlist_entries(participant_id):
        slot = uow.slots.lock(slot_id)
        entry = next((e for e in slot.waitlist if e.id == entry_id), None) if slot else None
        if slot is not None and entry is not None and forgetting.leave_line(entry):
            offer_free_places(slot, uow, now)
