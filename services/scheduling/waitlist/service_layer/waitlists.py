"""Waitlists that fill themselves, and bookings a coordinator approves: one function per use case.

Lock order, so two of these never wait on each other: a booking first (cancel, approve,
reject), then its slot; everything else locks only the slot. Every change to a slot's places
(bookings, pending approvals, holds) happens with that slot locked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import structlog

from services.scheduling.booking.service_layer.results import BookingResult
from services.scheduling.panels.domain import members_only
from services.scheduling.people.domain import withdrawn
from services.scheduling.ports import NotFound, UnitOfWork, once_more_on_conflict
from services.scheduling.sessions.domain.booking import BookingRefused
from services.scheduling.sessions.domain.model import Slot
from services.scheduling.staff_tasks import service_layer as staff_tasks
from services.scheduling.waitlist import domain as waitlist
from services.scheduling.waitlist.commands import (
    AcceptHold,
    ApproveBooking,
    JoinWaitlist,
    RejectBooking,
)
from services.scheduling.waitlist.domain import WaitlistEntry
from services.scheduling.waitlist.service_layer.offers import offer_free_places
from shared.clock import Clock, utc_now
from shared.periodic import Schedule, on_each_instance

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class JoinResult:
    entry: WaitlistEntry
    slot: Slot
    position: int  # 1 = first in line (counting people waiting or holding an offer)


def join_waitlist(cmd: JoinWaitlist, uow: UnitOfWork, clock: Clock = utc_now) -> JoinResult:
    """Join a full slot's queue. Joining twice is the same entry; a slot with free places, or
    someone already booked in the session, is refused (BookingRefused)."""
    now, slot_id, participant_id = clock(), cmd.slot_id, cmd.participant_id
    with uow:
        slot = uow.slots.lock(slot_id)
        if slot is None:
            raise NotFound("There is no such time.")
        if uow.people.is_withdrawn(participant_id):
            raise withdrawn()  # they took back their consent to take part
        if uow.bookings.outside_panel(slot.session_id, participant_id):
            raise members_only()  # a panel's meeting: no queue for anyone but its members
        booked = uow.bookings.held(slot.session_id, participant_id)
        entry = waitlist.join(slot, participant_id, booked, now)
        uow.commit()
        line = [
            e.id for e in waitlist.queue(slot) if e.status in (waitlist.WAITING, waitlist.OFFERED)
        ]
        return JoinResult(entry, slot, line.index(entry.id) + 1 if entry.id in line else 0)


def accept_hold(cmd: AcceptHold, uow: UnitOfWork, clock: Clock = utc_now) -> BookingResult:
    """The person takes the place held for them: a booking (pending if the session needs
    approval). The staff API and the participant pages; TAKE by text uses accept_within."""
    now = clock()
    return once_more_on_conflict(lambda: _accept(cmd.hold_id, uow, now, cmd.via))


def _accept(hold_id: str, uow: UnitOfWork, now: datetime, via: str) -> BookingResult:
    with uow:
        result = accept_within(hold_id, uow, now, via)
        uow.commit()
        return result


def accept_within(hold_id: str, uow: UnitOfWork, now: datetime, via: str) -> BookingResult:
    """Accept a hold inside the caller's unit of work (the SMS dialogue's consumer transaction)."""
    slot_id = uow.waitlist.slot_of_entry(hold_id)
    slot = uow.slots.lock(slot_id) if slot_id else None
    entry = next((e for e in slot.waitlist if e.id == hold_id), None) if slot else None
    if slot is None or entry is None:
        raise NotFound("There is no such hold.")
    if uow.bookings.outside_panel(slot.session_id, entry.participant_id):
        raise members_only()  # they left the panel while waiting
    booked = uow.bookings.held(slot.session_id, entry.participant_id)
    booking = waitlist.accept(slot, entry, booked, now, via)
    return BookingResult(booking, slot, created=booking is not booked)


def approve_booking(cmd: ApproveBooking, uow: UnitOfWork) -> BookingResult:
    """A coordinator approves a pending booking: BookingConfirmed."""
    with uow:
        booking, slot = _locked_booking(cmd.booking_id, uow)
        waitlist.approve(slot, booking)
        uow.commit()
        return BookingResult(booking, slot)


def reject_booking(cmd: RejectBooking, uow: UnitOfWork, clock: Clock = utc_now) -> BookingResult:
    """A coordinator turns a pending booking down: BookingRejected, and the place is offered to
    the first person waiting."""
    now = clock()
    with uow:
        booking, slot = _locked_booking(cmd.booking_id, uow)
        waitlist.reject(slot, booking, now)
        offer_free_places(slot, uow, now)
        uow.commit()
        return BookingResult(booking, slot)


def _locked_booking(booking_id: str, uow: UnitOfWork) -> tuple[Any, Slot]:
    booking = uow.bookings.lock(booking_id)
    if booking is None:
        raise NotFound("There is no such booking.")
    slot = uow.slots.lock(booking.slot_id)
    assert slot is not None  # a foreign key keeps every booking's slot
    return booking, slot


def tend_slot(slot_id: str, uow: UnitOfWork, now: datetime) -> list[WaitlistEntry]:
    """Pass on this slot's lapsed holds and offer its free places; returns the new offers."""
    with uow:
        slot = uow.slots.lock(slot_id)
        if slot is None:
            return []
        for entry in slot.waitlist:
            if entry.lapsed(now):
                waitlist.pass_on(entry)
                staff_tasks.hold_lapsed(slot, entry, uow, now)  # staff hear of it
        offered = offer_free_places(slot, uow, now)
        uow.commit()
        return offered


def expire_holds(uow_factory: Callable[[], UnitOfWork], now: datetime | None = None) -> int:
    """Lapsed holds pass to the next person, and free places (a cancellation by text, say) go
    to the people waiting; one transaction per slot. Returns how many places were offered."""
    now = now or datetime.now(UTC)
    with uow_factory() as uow:
        slot_ids = uow.waitlist.slots_to_tend(now)
    offered = 0
    for slot_id in slot_ids:
        try:
            offered += len(tend_slot(slot_id, uow_factory(), now))
        except Exception:  # one slot's trouble must not stop the others (or the consumer)
            log.exception("waitlist_tend_failed", slot_id=slot_id)
    return offered


def sweeper(
    uow_factory: Callable[[], UnitOfWork],
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    seconds: float = 10.0,
    schedule: Schedule = on_each_instance,
) -> Callable[[], None]:
    """An idle-loop task for the consumer: expire_holds at most once every `seconds`."""
    return schedule("hold-expiry", seconds, lambda: expire_holds(uow_factory, clock()))


__all__ = [
    "BookingRefused",
    "JoinResult",
    "accept_hold",
    "approve_booking",
    "expire_holds",
    "join_waitlist",
    "offer_free_places",
    "reject_booking",
    "sweeper",
    "tend_slot",
]
