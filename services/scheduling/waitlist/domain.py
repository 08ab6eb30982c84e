"""Places held for someone: waitlists that fill themselves, and bookings waiting for approval.

A full slot keeps a queue (one entry per person, in the order they joined). When a place frees
up, the first person waiting is offered it with a hold; the hold counts towards the slot's
capacity exactly like a confirmed booking until it is accepted (a booking) or lapses (the place
passes to the next person). A session can also require a coordinator to approve each booking:
the booking is "pending" and holds its place until it is approved or rejected.

Every change here happens with the slot locked (the repository's `lock`), so the count of
places read is still true when the change is committed.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from services.scheduling.domain.events import BookingRejected, PlaceOffered, WaitlistJoined
from services.scheduling.sessions.domain.booking import (
    CONFIRMED,
    PENDING,
    REJECTED,
    Booking,
    BookingRefused,
)

if TYPE_CHECKING:
    from services.scheduling.sessions.domain.model import Slot

DEFAULT_HOLD = timedelta(hours=2)

# waiting -> offered -> accepted | passed; waiting -> left (booked another time instead).
WAITING, OFFERED, ACCEPTED, PASSED, LEFT = "waiting", "offered", "accepted", "passed", "left"


class WaitlistEntry:
    """One person's place in one slot's queue; when offered, also their hold on a place."""

    def __init__(
        self, id: str, slot_id: str, session_id: str, participant_id: str, joined_at: datetime
    ) -> None:
        self.id = id
        self.slot_id = slot_id
        self.session_id = session_id
        self.participant_id = participant_id
        self.joined_at = joined_at
        self.status = WAITING
        self.offered_at: datetime | None = None
        self.hold_expires_at: datetime | None = None
        self.booking_id: str | None = None

    @property
    def holds_place(self) -> bool:
        """Counted by Slot.places_left until accepted or passed on."""
        return self.status == OFFERED

    def lapsed(self, now: datetime) -> bool:
        return (
            self.status == OFFERED
            and self.hold_expires_at is not None
            and now >= self.hold_expires_at
        )


def queue(slot: Slot) -> list[WaitlistEntry]:
    """The slot's entries in the order people joined."""
    return sorted(slot.waitlist, key=lambda e: (e.joined_at, e.id))


def join(slot: Slot, participant_id: str, booked: Booking | None, now: datetime) -> WaitlistEntry:
    """`booked` is the person's booking in this session (confirmed or pending), if any.
    Joining twice gives the same entry back; someone who was passed over joins at the end."""
    if booked is not None:
        raise BookingRefused("already_booked", "This person already has a place in this session.")
    if now >= slot.starts_at:
        raise BookingRefused("started", "This time has already started.")
    if now >= slot.booking_closes_at:
        raise BookingRefused("closed", "Booking for this time has closed.")
    mine = next((e for e in slot.waitlist if e.participant_id == participant_id), None)
    if mine is not None and mine.status in (WAITING, OFFERED):
        return mine
    if slot.places_left > 0:
        raise BookingRefused("places_left", "There are places: book it.")
    if mine is None:
        mine = WaitlistEntry(str(uuid.uuid4()), slot.id, slot.session_id, participant_id, now)
        slot.waitlist.append(mine)
    else:  # passed over, left, or booked and cancelled since: back of the queue
        mine.status, mine.joined_at = WAITING, now
        mine.offered_at = mine.hold_expires_at = mine.booking_id = None
    position = [e.id for e in queue(slot) if e.status in (WAITING, OFFERED)].index(mine.id) + 1
    session = slot._session()
    slot.events.append(
        WaitlistJoined(
            mine.id, participant_id, session.activity_id, slot.session_id, slot.id, now, position
        )
    )
    return mine


def next_waiting(slot: Slot) -> WaitlistEntry | None:
    return next((e for e in queue(slot) if e.status == WAITING), None)


def offer(slot: Slot, entry: WaitlistEntry, now: datetime, hold_for: timedelta) -> bool:
    """Offer a free place to this waiting person with a hold; False if there is nothing to
    offer (no place, or the time can no longer be booked)."""
    if entry.status != WAITING or slot.places_left == 0:
        return False
    if now >= slot.booking_closes_at or now >= slot.starts_at:
        return False
    entry.status = OFFERED
    entry.offered_at = now
    entry.hold_expires_at = min(now + hold_for, slot.booking_closes_at)
    session = slot._session()
    slot.events.append(
        PlaceOffered(
            entry.id,
            entry.participant_id,
            session.activity_id,
            slot.session_id,
            slot.id,
            slot.starts_at,
            now,
            entry.hold_expires_at,
        )
    )
    return True


def pass_on(entry: WaitlistEntry) -> None:
    """An unaccepted hold lapses: the place goes back to the slot (and so to the next person)."""
    if entry.status == OFFERED:
        entry.status = PASSED


def leave(entry: WaitlistEntry) -> None:
    """They booked another time in the session: they no longer wait for this one."""
    if entry.status == WAITING:
        entry.status = LEFT


def accept(
    slot: Slot, entry: WaitlistEntry, booked: Booking | None, now: datetime, via: str
) -> Booking:
    """The held place becomes a booking (pending if the session needs approval). Accepting
    twice gives the same booking back."""
    if entry.status == ACCEPTED and booked is not None and booked.id == entry.booking_id:
        return booked
    if entry.status != OFFERED or entry.lapsed(now):
        raise BookingRefused("hold_gone", "This place is no longer held for this person.")
    if booked is not None:
        raise BookingRefused("already_booked", "This person already has a place in this session.")
    entry.status = ACCEPTED  # the hold stops counting, so the booking can take its place
    try:
        booking = slot.book(entry.participant_id, None, now, via)
    except BookingRefused:
        entry.status = OFFERED
        raise
    entry.booking_id = booking.id
    return booking


def approve(slot: Slot, booking: Booking) -> None:
    """A coordinator approved a pending booking: it is confirmed (approving twice is harmless)."""
    if booking.status == CONFIRMED:
        return
    if booking.status != PENDING:
        raise BookingRefused("not_pending", "This booking is not waiting for approval.")
    booking.status = CONFIRMED
    slot.events.append(slot._confirmed(booking, "coordinator"))


def reject(slot: Slot, booking: Booking, now: datetime) -> None:
    """A coordinator turned a pending booking down: its place is free again."""
    if booking.status == REJECTED:
        return
    if booking.status != PENDING:
        raise BookingRefused("not_pending", "This booking is not waiting for approval.")
    booking.status = REJECTED
    booking.cancelled_at = now
    session = slot._session()
    slot.events.append(
        BookingRejected(
            booking.id,
            booking.participant_id,
            session.activity_id,
            slot.session_id,
            slot.id,
            slot.starts_at,
            now,
        )
    )
