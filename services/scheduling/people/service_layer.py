"""A person who withdrew their consent to take part, or asked to be forgotten.

Both free the places they hold (confirmed, pending or held from a waitlist) without a message
to them, so the waitlist passes each place on as usual. Withdrawal keeps a marker that refuses
new bookings and poll invitations (and so reminders, which only confirmed bookings get) until
they consent again; erasure also deletes what is only about them and leaves their past
bookings under a random id, so reporting still counts who came (erasure from one organisation
does so for its activities only). All run inside the consumer's unit of work (the caller
commits) and are safe to run twice."""

from __future__ import annotations

from datetime import datetime

from services.scheduling.arrangements import service_layer as arrangements
from services.scheduling.panels import service_layer as panels
from services.scheduling.people import domain as forgetting
from services.scheduling.people.commands import (
    ConsentAgain,
    Erase,
    ForgetContact,
    ForgetInOrganisation,
    KeepContact,
    KeepStaffName,
    LeaveOrganisation,
    Withdraw,
)
from services.scheduling.ports import UnitOfWork
from services.scheduling.waitlist.service_layer.offers import offer_free_places
from shared.clock import Clock, utc_now


def withdraw(cmd: Withdraw, uow: UnitOfWork, clock: Clock) -> None:
    now = clock()
    uow.people.withdraw(cmd.participant_id, now)
    _let_go(cmd.participant_id, uow, now)


def leave_organisation(cmd: LeaveOrganisation, uow: UnitOfWork, clock: Clock) -> None:
    _let_go(cmd.participant_id, uow, clock(), cmd.organisation_id)
    uow.feedback.stop_asking(cmd.participant_id, cmd.organisation_id, clock())


def consent_again(cmd: ConsentAgain, uow: UnitOfWork) -> None:
    uow.people.consent_again(cmd.participant_id)


def erase(cmd: Erase, uow: UnitOfWork, clock: Clock) -> None:
    _let_go(cmd.participant_id, uow, clock())
    uow.people.erase(cmd.participant_id)


def forget_in_organisation(cmd: ForgetInOrganisation, uow: UnitOfWork, clock: Clock) -> None:
    """Erasure from one organisation: its places are freed and passed on first, then what hangs
    on its activities is erased as `erase` does. Their name, needs and consent stay, since the
    other organisations they are with still use them."""
    _let_go(cmd.participant_id, uow, clock(), cmd.organisation_id)
    uow.people.erase_in_organisation(cmd.participant_id, cmd.organisation_id)


def keep_contact(cmd: KeepContact, uow: UnitOfWork, clock: Clock = utc_now) -> None:
    needs, pid = tuple(sorted(cmd.support_needs)), cmd.participant_id
    language = (cmd.interpreter_language or "").strip() or None
    before = (uow.needs.of([pid]).get(pid, ()), uow.needs.languages([pid]).get(pid))
    uow.needs.save(pid, needs, language if "interpreter" in needs else None)
    uow.names.save_participant(pid, cmd.preferred_name)
    if (needs, language if "interpreter" in needs else None) != (tuple(before[0]), before[1]):
        _review_their_sessions(cmd.participant_id, uow, clock())


def _review_their_sessions(participant_id: str, uow: UnitOfWork, now: datetime) -> None:
    """Their needs changed (or arrived after their booking): the sessions they are booked in
    get their arrangements checked again."""
    session_ids = set()
    for booking_id in uow.people.live_bookings(participant_id):
        slot_id = uow.waitlist.slot_of_booking(booking_id)
        slot = uow.slots.get(slot_id) if slot_id else None
        if slot is not None:
            session_ids.add(slot.session_id)
    for session_id in sorted(session_ids):
        session = uow.sessions.get(session_id)
        if session is not None:
            arrangements.review_in(session, uow, now)


def forget_contact(cmd: ForgetContact, uow: UnitOfWork) -> None:
    uow.needs.forget(cmd.participant_id)
    uow.names.forget_participant(cmd.participant_id)


def keep_staff_name(cmd: KeepStaffName, uow: UnitOfWork) -> None:
    uow.names.save_staff(
        cmd.staff_id, cmd.name, cmd.changed_at, cmd.roles, cmd.active, cmd.memberships
    )


def _let_go(
    participant_id: str, uow: UnitOfWork, now: datetime, organisation_id: str | None = None
) -> None:
    """Every place they hold, or only in `organisation_id`'s sessions; and their panel
    memberships there end (the scheduling unit of work has panels' repository)."""
    freed = set()
    for booking_id in uow.people.live_bookings(participant_id, organisation_id):
        booking = uow.bookings.lock(booking_id)  # the booking, then its slot: the one lock order
        slot = uow.slots.lock(booking.slot_id) if booking else None
        if booking is not None and slot is not None and forgetting.release(booking, now):
            offer_free_places(slot, uow, now)
            freed.add(slot.session_id)
    for session_id in sorted(freed):  # no BookingCancelled goes out, so review here
        session = uow.sessions.get(session_id)
        if session is not None:
            arrangements.review_in(session, uow, now)
    for entry_id, slot_id in uow.people.waitlist_entries(participant_id, organisation_id):
        slot = uow.slots.lock(slot_id)
        entry = next((e for e in slot.waitlist if e.id == entry_id), None) if slot else None
        if slot is not None and entry is not None and forgetting.leave_line(entry):
            offer_free_places(slot, uow, now)
    panels.end_memberships(participant_id, uow, now, organisation_id)  # type: ignore[arg-type]
