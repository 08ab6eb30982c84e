"""Offering freed places to the people waiting: every use case that frees a place calls this
with the slot locked (a cancellation, a rejection, a withdrawal, a lapsed hold)."""

from __future__ import annotations

from datetime import datetime, timedelta

from services.scheduling.ports import UnitOfWork
from services.scheduling.sessions.domain.model import Slot
from services.scheduling.waitlist import domain as waitlist
from services.scheduling.waitlist.domain import DEFAULT_HOLD, WaitlistEntry


def offer_free_places(slot: Slot, uow: UnitOfWork, now: datetime) -> list[WaitlistEntry]:
    """Offer each free place to the next person waiting, with a hold. The caller holds the
    slot's lock and commits. People who have booked another time in the session meanwhile are
    taken out of the line."""
    hold_for: timedelta = getattr(uow, "hold_for", DEFAULT_HOLD)
    offered = []
    while slot.places_left > 0:
        entry = waitlist.next_waiting(slot)
        if entry is None:
            break
        if uow.bookings.held(slot.session_id, entry.participant_id) is not None:
            waitlist.leave(entry)
            continue
        if not waitlist.offer(slot, entry, now, hold_for):
            break
        offered.append(entry)
    return offered
