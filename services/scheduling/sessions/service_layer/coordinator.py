"""What a coordinator decides on the /book/manage pages: running a time below its minimum group
size anyway, and whom they may add to a waitlist. What they read about the session is the one
read model, sessions/adapters/overview.py."""

from __future__ import annotations

from services.scheduling.arrangements import domain as arrangements
from services.scheduling.ports import NotFound, UnitOfWork
from services.scheduling.sessions.commands import RunAnyway
from services.scheduling.sessions.domain import group_size
from services.scheduling.sessions.domain.model import Slot
from services.scheduling.waitlist import domain as waitlist
from shared.clock import Clock, utc_now


def run_anyway(cmd: RunAnyway, uow: UnitOfWork, clock: Clock = utc_now) -> Slot:
    """The coordinator runs a time below its minimum group size with the people booked."""
    with uow:
        slot = uow.slots.lock(cmd.slot_id)
        if slot is None or slot.session_id != cmd.session_id:
            raise NotFound("There is no such time.")
        now = clock()
        if slot.confirmed_to_run_at is None:
            open_tasks = uow.arrangements.open_count(slot.id)
            arrangements.check_can_run(open_tasks, cmd.go_ahead)
            group_size.run_anyway(slot, now)
            if open_tasks:
                staff = cmd.staff_id or "unknown"
                uow.arrangements.go_ahead(slot.session_id, slot.id, staff, open_tasks, now)
        uow.commit()
        return slot


def waitlist_candidates(session_id: str, uow: UnitOfWork) -> list[tuple[str, str | None]]:
    """People a coordinator may add to a waitlist of this session, by name: those invited to
    its activity who hold no place and wait for no time in it. (participant id, name or None),
    named people first, in name order."""
    with uow:
        session = uow.sessions.get(session_id)
        if session is None:
            raise NotFound("There is no such session.")
        taken = {b.participant_id for slot in session.slots for b in slot.bookings if b.holds_place}
        taken |= {
            e.participant_id
            for slot in session.slots
            for e in slot.waitlist
            if e.status in (waitlist.WAITING, waitlist.OFFERED)
        }
        invited = [p for p in uow.people.invited_to(session.activity_id) if p not in taken]
        names = uow.names.participants(invited)
        withdrawn = uow.people.withdrawn_among(invited)
        people = [(p, names.get(p)) for p in invited if p not in withdrawn]
        return sorted(people, key=lambda person: (person[1] is None, person[1] or "", person[0]))
