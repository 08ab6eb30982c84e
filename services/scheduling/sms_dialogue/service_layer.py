"""The SMS booking dialogue: BOOK, a number, CHANGE, CANCEL BOOKING, and kind answers to the rest.

Every reply changes at most one booking, and a reply we cannot act on changes nothing: it gets
a short answer saying what to send instead (BookingReplyNotUnderstood, worded by notifications).
"""

from __future__ import annotations

import re
from datetime import datetime

from services.scheduling.booking.domain import moves
from services.scheduling.domain.events import (
    BookingOption,
    BookingOptionsOffered,
    BookingReplyNotUnderstood,
)
from services.scheduling.feedback import service_layer as feedback
from services.scheduling.panels import service_layer as panels
from services.scheduling.panels.domain import INVITED
from services.scheduling.polls import service_layer as polls
from services.scheduling.ports import NotFound, UnitOfWork
from services.scheduling.sessions.domain.booking import BookingRefused
from services.scheduling.sessions.domain.model import Slot
from services.scheduling.sms_dialogue import domain as dialogue
from services.scheduling.sms_dialogue.commands import AnswerText, RecordInvitation
from services.scheduling.sms_dialogue.domain import Offer
from services.scheduling.waitlist.service_layer import waitlists
from shared.clock import Clock

# Recruitment's keywords (and in Welsh): JOIN <CODE>, LEAVE, NOTE and (NO) UPDATES are its
# dialogue's to answer.
_JOIN = re.compile(
    r"^\s*(JOIN|YMUNO|LEAVE|GADAEL|NOTE|NODYN)\b"
    r"|^\s*((NO\s+)?UPDATES|(DIM\s+)?DIWEDDARIADAU)[\s.!]*$",
    re.IGNORECASE,
)


def answer_text(cmd: AnswerText, uow: UnitOfWork, clock: Clock) -> None:
    """A text from someone: no booking and no answer once they withdrew (no message may go)."""
    pid = cmd.participant_id
    if pid and uow.people.is_withdrawn(pid):
        return
    handle_text(pid, cmd.text, uow, clock(), cmd.organisation_id)


def record_invitation(cmd: RecordInvitation, uow: UnitOfWork, clock: Clock) -> None:
    """Who was invited to what: BOOK by text offers the latest activity's times."""
    uow.dialogue.invited(cmd.participant_id, cmd.activity_id, clock())


def handle_text(
    participant_id: str | None,
    text: str,
    uow: UnitOfWork,
    now: datetime,
    organisation_id: str | None = None,
) -> None:
    """Runs inside the consumer's unit of work (with the inbox row); the caller commits.
    `organisation_id`: whose number they texted, so only that organisation's invitations,
    offers, bookings and held places are what the reply is about (None: any)."""
    if participant_id is not None and panels.answer_by_text(
        participant_id,
        text,
        uow,
        now,
        organisation_id,  # type: ignore[arg-type]
    ):
        return  # Y or N to a panel's newest question, or LEAVE PANEL (before LEAVE <CODE>)
    if participant_id is None or _JOIN.match(text):
        return  # a stranger, or JOIN <CODE>: recruitment's sign-up dialogue answers them
    if feedback.answer_by_text(participant_id, text, uow, now, organisation_id):
        return  # a reply to our feedback question, when it is the newest question asked
    if polls.answer_by_text(participant_id, text, uow, now, organisation_id):
        return  # numbers for the availability poll they were invited to after any offer
    reply = dialogue.understand(text)
    if reply.kind in (dialogue.BOOK, dialogue.CHANGE):
        reason = "asked" if reply.kind == dialogue.BOOK else "changed"
        latest = uow.dialogue.latest_activity(participant_id, organisation_id)
        _offer(participant_id, latest, reason, uow, now)
    elif reply.kind == dialogue.CHOOSE:
        _choose(participant_id, reply.choice or 0, uow, now, organisation_id)
    elif reply.kind == dialogue.CANCEL:
        _cancel(participant_id, uow, now, organisation_id)
    elif reply.kind == dialogue.TAKE:
        _take(participant_id, uow, now, organisation_id)
    else:
        offer = _open_offer(participant_id, uow, now, organisation_id)
        if offer is None:
            _unclear(participant_id, None, "nothing_to_book", uow)
        else:
            _unclear(participant_id, offer.activity_id, "choose_a_number", uow, offer)


def offer_times(
    participant_id: str, activity_id: str, reason: str, uow: UnitOfWork, now: datetime
) -> None:
    """Text someone the soonest times they could book (also used for invitations)."""
    _offer(participant_id, activity_id, reason, uow, now)


def _offer(
    participant_id: str, activity_id: str | None, reason: str, uow: UnitOfWork, now: datetime
) -> None:
    slots = (
        uow.dialogue.bookable_slots(activity_id, now, dialogue.MAX_OPTIONS, participant_id)
        if activity_id
        else []
    )
    if not slots:
        # Times there are, but a panel's meetings, and they are not a member: say so plainly.
        # Someone a panel asked to join (recruitment's invitation said BOOK) is told to answer
        # that first, not "reply BOOK" again.
        panel_only = activity_id and uow.dialogue.bookable_slots(activity_id, now, 1)
        asked_to_join = any(m.status == INVITED for m in uow.panels.memberships_of(participant_id))
        hint = (
            "join_the_panel"
            if asked_to_join
            else "members_only"
            if panel_only
            else "nothing_to_book"
        )
        _unclear(participant_id, activity_id, hint, uow)
        return
    for older in uow.dialogue.open_offers(participant_id):
        older.status = "replaced"  # only the newest numbers mean anything
    offer = Offer(participant_id, str(activity_id), [s.id for s in slots], now, reason)
    uow.dialogue.add_offer(offer)
    uow.events.append(_announce(offer, slots))


def _choose(
    participant_id: str, choice: int, uow: UnitOfWork, now: datetime, organisation_id: str | None
) -> None:
    offer = _open_offer(participant_id, uow, now, organisation_id)
    if offer is None:
        if not _repeated(participant_id, choice, uow):
            _offer_again(participant_id, "expired", uow, now, organisation_id)
        return
    slot_id = offer.slot_for(choice)
    if slot_id is None:
        _unclear(participant_id, offer.activity_id, "choose_a_number", uow, offer)
        return
    slot = uow.slots.lock(slot_id)
    assert slot is not None  # slots are never deleted
    if uow.bookings.outside_panel(slot.session_id, participant_id):
        _unclear(participant_id, offer.activity_id, "members_only", uow)  # left since offered
        return
    held = uow.bookings.held(slot.session_id, participant_id)
    try:
        if held is not None and held.slot_id != slot.id:  # CHANGE, then a number: move it
            old = uow.slots.get(held.slot_id)
            assert old is not None
            moves.move(held, old, slot, now, via="sms")
        else:
            slot.book(participant_id, held, now, via="sms")
    except BookingRefused as refused:
        if refused.reason == "cut_off":
            _unclear(participant_id, offer.activity_id, "too_late_to_cancel", uow)
            return
        reason = "full" if refused.reason == "full" else "expired"
        _offer(participant_id, offer.activity_id, reason, uow, now)
        return
    offer.status = "used"


def _take(participant_id: str, uow: UnitOfWork, now: datetime, organisation_id: str | None) -> None:
    """Accept the place held for them from the waitlist; gone or lapsed: say so kindly."""
    hold_id = uow.waitlist.live_hold_of(participant_id, now, organisation_id)
    if hold_id is None:
        _unclear(participant_id, None, "nothing_to_take", uow)
        return
    try:
        waitlists.accept_within(hold_id, uow, now, via="sms")
    except (BookingRefused, NotFound):
        _unclear(participant_id, None, "nothing_to_take", uow)


def _cancel(
    participant_id: str, uow: UnitOfWork, now: datetime, organisation_id: str | None
) -> None:
    booking = uow.dialogue.next_booking(participant_id, now, organisation_id)
    if booking is None:
        _unclear(participant_id, None, "nothing_to_cancel", uow)
        return
    slot = uow.slots.get(booking.slot_id)
    assert slot is not None
    try:
        slot.cancel(booking, now)
    except BookingRefused:
        _unclear(
            participant_id,
            slot.session.activity_id if slot.session else None,
            "too_late_to_cancel",
            uow,
        )


def _offer_again(
    participant_id: str, reason: str, uow: UnitOfWork, now: datetime, organisation_id: str | None
) -> None:
    activity_id = uow.dialogue.latest_activity(participant_id, organisation_id)
    if activity_id is None:
        _unclear(participant_id, None, "nothing_to_book", uow)
    else:
        _offer(participant_id, activity_id, reason, uow, now)


def _repeated(participant_id: str, choice: int, uow: UnitOfWork) -> bool:
    """The same number again for the time they just booked (sent twice): nothing to do."""
    offers = uow.dialogue.offers(participant_id, limit=1)
    if not offers or offers[0].status != "used":
        return False
    slot_id = offers[0].slot_for(choice)
    slot = uow.slots.get(slot_id) if slot_id else None
    held = uow.bookings.held(slot.session_id, participant_id) if slot else None
    return held is not None and held.slot_id == slot_id


def _open_offer(
    participant_id: str, uow: UnitOfWork, now: datetime, organisation_id: str | None = None
) -> Offer | None:
    """Their newest offer, if still open; with an organisation, only if it is that one's (the
    numbers texted to one organisation never book another's times)."""
    offers = uow.dialogue.open_offers(participant_id)
    offer = offers[0] if offers and offers[0].is_open(now) else None
    if offer is None or organisation_id is None:
        return offer
    theirs = uow.activities.organisation_of(offer.activity_id) == organisation_id
    return offer if theirs else None


def _unclear(
    participant_id: str,
    activity_id: str | None,
    hint: str,
    uow: UnitOfWork,
    offer: Offer | None = None,
) -> None:
    choices = len(offer.slot_ids) if offer else None
    uow.events.append(BookingReplyNotUnderstood(participant_id, activity_id, hint, choices))


def _announce(offer: Offer, slots: list[Slot]) -> BookingOptionsOffered:
    sessions = [slot.session for slot in slots]
    assert all(sessions)  # a slot is always loaded with its session
    options = [
        BookingOption(n, slot.id, slot.starts_at, session.format, session.location)  # type: ignore[union-attr]
        for n, (slot, session) in enumerate(zip(slots, sessions, strict=True), start=1)
    ]
    return BookingOptionsOffered(
        offer.id,
        offer.participant_id,
        offer.activity_id,
        sessions[0].activity_title,  # type: ignore[union-attr]
        options,
        offer.reason,
        offer.expires_at,
    )
