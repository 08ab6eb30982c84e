"""A participant's own waitlist places: leaving a waitlist, or turning down the place held for
them (taking it is waitlists.accept_hold, as TAKE by text)."""

from __future__ import annotations

from services.scheduling.people import domain as forgetting
from services.scheduling.ports import NotFound, UnitOfWork
from services.scheduling.sessions.domain.booking import BookingRefused
from services.scheduling.waitlist import domain as waitlist
from services.scheduling.waitlist.commands import GiveUpPlace
from services.scheduling.waitlist.service_layer.offers import offer_free_places
from shared.clock import Clock, utc_now


def give_up(cmd: GiveUpPlace, uow: UnitOfWork, clock: Clock = utc_now) -> None:
    """The person leaves a waitlist, or turns down the place held for them: a place it held
    goes to the next person waiting. Someone else's entry is NotFound; an entry already out of
    line (taken, lapsed, left) is refused with "hold_gone"."""
    now, entry_id, participant_id = clock(), cmd.entry_id, cmd.participant_id
    with uow:
        slot_id = uow.waitlist.slot_of_entry(entry_id)
        slot = uow.slots.lock(slot_id) if slot_id else None
        entry = next((e for e in slot.waitlist if e.id == entry_id), None) if slot else None
        if slot is None or entry is None or entry.participant_id != participant_id:
            raise NotFound("There is no such waitlist place.")
        if entry.status not in (waitlist.WAITING, waitlist.OFFERED) or entry.lapsed(now):
            raise BookingRefused("hold_gone", "This place is no longer held for this person.")
        if forgetting.leave_line(entry):
            offer_free_places(slot, uow, now)
        uow.commit()
