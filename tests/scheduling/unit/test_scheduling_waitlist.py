"""Waitlists and approvals with no database: joining, offers with holds, expiry and pass-on,
accepting, and pending bookings that count towards capacity (with a controllable clock)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from services.scheduling.booking.commands import BookSlot, CancelBooking
from services.scheduling.booking.service_layer import booking as handlers
from services.scheduling.domain.events import (
    BookingConfirmed,
    BookingRejected,
    PlaceOffered,
    StaffTaskChanged,
    WaitlistJoined,
)
from services.scheduling.sessions.domain.booking import (
    CONFIRMED,
    PENDING,
    REJECTED,
    Booking,
    BookingRefused,
)
from services.scheduling.sessions.domain.model import Session, Slot
from services.scheduling.sessions.domain.planning import SlotPlan
from services.scheduling.waitlist import domain as waitlist
from services.scheduling.waitlist.adapters.queue import slot_waitlist
from services.scheduling.waitlist.commands import (
    AcceptHold,
    ApproveBooking,
    JoinWaitlist,
    RejectBooking,
)
from services.scheduling.waitlist.service_layer import waitlists
from tests.scheduling.fakes import FakeUnitOfWork

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
HOLD = timedelta(hours=2)


def new_session(capacity: int = 1, requires_approval: bool = False, slots: int = 1) -> Session:
    plans = [
        SlotPlan(NOW + timedelta(days=7, hours=h), NOW + timedelta(days=7, hours=h + 1), capacity)
        for h in range(slots)
    ]
    return Session.create(
        str(uuid.uuid4()),
        "Making GP appointments easier",
        "online",
        None,
        (),
        "https://meet.example.org/gp",
        plans,
        NOW,
        requires_approval=requires_approval,
    )


def person() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def clock() -> Callable[..., datetime]:
    """now(minutes=…) is NOW plus that many minutes: the test moves time by hand."""
    return lambda minutes=0: NOW + timedelta(minutes=minutes)


def full_slot(capacity: int = 1) -> tuple[FakeUnitOfWork, Slot, list[Booking]]:
    uow = FakeUnitOfWork(new_session(capacity))
    slot = uow.session.slots[0]
    booked = [
        handlers.book_slot(BookSlot(slot.id, person()), uow, lambda: NOW).booking
        for _ in range(capacity)
    ]
    return uow, slot, booked


def test_joining_a_full_time_queues_in_order_and_twice_is_one_entry(clock) -> None:
    uow, slot, _ = full_slot()
    first, second = person(), person()

    a = waitlists.join_waitlist(JoinWaitlist(slot.id, first), uow, lambda: clock(1))
    b = waitlists.join_waitlist(JoinWaitlist(slot.id, second), uow, lambda: clock(2))
    again = waitlists.join_waitlist(JoinWaitlist(slot.id, first), uow, lambda: clock(3))

    assert (a.position, b.position, again.position) == (1, 2, 1)
    assert again.entry is a.entry and a.entry.joined_at == clock(1)
    assert [e.participant_id for e in waitlist.queue(slot)] == [first, second]
    assert [e.position for e in uow.of(WaitlistJoined)] == [1, 2]  # joining twice: once


def test_a_time_with_places_or_someone_already_booked_cannot_be_joined() -> None:
    uow = FakeUnitOfWork(new_session(capacity=2))
    slot = uow.session.slots[0]
    booked = person()
    handlers.book_slot(BookSlot(slot.id, booked), uow, lambda: NOW)

    with pytest.raises(BookingRefused) as places:
        waitlists.join_waitlist(JoinWaitlist(slot.id, person()), uow, lambda: NOW)
    assert places.value.reason == "places_left"
    assert places.value.message == "There are places: book it."

    handlers.book_slot(BookSlot(slot.id, person()), uow, lambda: NOW)  # now full
    with pytest.raises(BookingRefused) as already:
        waitlists.join_waitlist(JoinWaitlist(slot.id, booked), uow, lambda: NOW)
    assert already.value.reason == "already_booked"


def test_a_cancellation_offers_the_place_to_the_first_in_line_with_a_hold(clock) -> None:
    uow, slot, (booking,) = full_slot()
    first, second = person(), person()
    waitlists.join_waitlist(JoinWaitlist(slot.id, first), uow, lambda: clock(1))
    waitlists.join_waitlist(JoinWaitlist(slot.id, second), uow, lambda: clock(2))

    handlers.cancel_booking(CancelBooking(booking.id), uow, lambda: clock(10))

    (offer,) = uow.of(PlaceOffered)
    assert offer.participant_id == first
    assert offer.hold_expires_at == clock(10) + HOLD
    assert slot.places_left == 0  # the hold takes the place
    with pytest.raises(BookingRefused) as full:
        handlers.book_slot(BookSlot(slot.id, person()), uow, lambda: clock(11))
    assert full.value.reason == "full"


def test_an_unaccepted_hold_passes_to_the_next_person(clock) -> None:
    uow, slot, (booking,) = full_slot()
    first, second = person(), person()
    waitlists.join_waitlist(JoinWaitlist(slot.id, first), uow, lambda: clock(1))
    waitlists.join_waitlist(JoinWaitlist(slot.id, second), uow, lambda: clock(2))
    handlers.cancel_booking(CancelBooking(booking.id), uow, lambda: clock(10))
    hold = waitlist.queue(slot)[0]

    assert waitlists.expire_holds(lambda: uow, clock(10 + 119)) == 0  # not yet
    assert waitlists.expire_holds(lambda: uow, clock(10 + 120)) == 1

    offers = uow.of(PlaceOffered)
    assert [o.participant_id for o in offers] == [first, second]
    assert hold.status == waitlist.PASSED
    (task,) = uow.of(StaffTaskChanged)  # staff hear that a held place went untaken
    assert (task.kind, task.state, task.urgent) == ("hold_expired", "open", False)
    assert task.path == f"/book/manage/sessions/{slot.session_id}"
    assert uow.tasks.saved[task.task_id][:2] == ("hold_expired", "open")
    with pytest.raises(BookingRefused) as gone:
        waitlists.accept_hold(AcceptHold(hold.id), uow, lambda: clock(131))
    assert gone.value.reason == "hold_gone"


def test_accepting_a_hold_books_the_place_once(clock) -> None:
    uow, slot, (booking,) = full_slot()
    first = person()
    waitlists.join_waitlist(JoinWaitlist(slot.id, first), uow, lambda: clock(1))
    handlers.cancel_booking(CancelBooking(booking.id), uow, lambda: clock(10))
    hold = waitlist.queue(slot)[0]

    accepted = waitlists.accept_hold(AcceptHold(hold.id), uow, lambda: clock(30))
    again = waitlists.accept_hold(AcceptHold(hold.id), uow, lambda: clock(31))

    assert accepted.created and not again.created
    assert accepted.booking is again.booking and accepted.booking.status == CONFIRMED
    assert hold.status == waitlist.ACCEPTED and hold.booking_id == accepted.booking.id
    assert [e.participant_id for e in uow.of(BookingConfirmed)][-1] == first
    assert len(uow.of(BookingConfirmed)) == 2  # the first booking, then the accepted hold
    assert slot.places_left == 0


def test_a_hold_lapses_at_its_expiry_even_before_it_is_passed_on(clock) -> None:
    uow, slot, (booking,) = full_slot()
    waitlists.join_waitlist(JoinWaitlist(slot.id, person()), uow, lambda: clock(1))
    handlers.cancel_booking(CancelBooking(booking.id), uow, lambda: clock(10))
    hold = waitlist.queue(slot)[0]

    with pytest.raises(BookingRefused):
        waitlists.accept_hold(AcceptHold(hold.id), uow, lambda: clock(130))


def test_someone_who_booked_another_time_leaves_the_line(clock) -> None:
    uow = FakeUnitOfWork(new_session(capacity=1, slots=2))
    full, other = uow.session.slots
    handlers.book_slot(BookSlot(full.id, taken := person()), uow, lambda: NOW)
    moved, waiting = person(), person()
    waitlists.join_waitlist(JoinWaitlist(full.id, moved), uow, lambda: clock(1))
    waitlists.join_waitlist(JoinWaitlist(full.id, waiting), uow, lambda: clock(2))
    handlers.book_slot(BookSlot(other.id, moved), uow, lambda: clock(3))

    held = uow.bookings.held(full.session_id, taken)
    assert held is not None
    handlers.cancel_booking(CancelBooking(held.id), uow, lambda: clock(10))

    assert [o.participant_id for o in uow.of(PlaceOffered)] == [waiting]
    assert [e.status for e in waitlist.queue(full)] == [waitlist.LEFT, waitlist.OFFERED]


def test_a_pending_approval_holds_a_place_until_approved(clock) -> None:
    uow = FakeUnitOfWork(new_session(capacity=1, requires_approval=True))
    slot = uow.session.slots[0]

    pending = handlers.book_slot(BookSlot(slot.id, person()), uow, lambda: NOW).booking

    assert pending.status == PENDING and uow.of(BookingConfirmed) == []
    assert slot.places_left == 0
    with pytest.raises(BookingRefused):
        handlers.book_slot(BookSlot(slot.id, person()), uow, lambda: NOW)

    waitlists.approve_booking(ApproveBooking(pending.id), uow)
    waitlists.approve_booking(ApproveBooking(pending.id), uow)  # twice: harmless, announced once
    assert pending.status == CONFIRMED and len(uow.of(BookingConfirmed)) == 1


def test_rejecting_a_pending_booking_frees_the_place_for_the_waitlist(clock) -> None:
    uow = FakeUnitOfWork(new_session(capacity=1, requires_approval=True))
    slot = uow.session.slots[0]
    pending = handlers.book_slot(BookSlot(slot.id, person()), uow, lambda: NOW).booking
    next_in_line = person()
    waitlists.join_waitlist(JoinWaitlist(slot.id, next_in_line), uow, lambda: clock(1))

    waitlists.reject_booking(RejectBooking(pending.id), uow, lambda: clock(5))

    assert pending.status == REJECTED
    assert [e.booking_id for e in uow.of(BookingRejected)] == [pending.id]
    assert [o.participant_id for o in uow.of(PlaceOffered)] == [next_in_line]
    hold = waitlist.queue(slot)[0]
    accepted = waitlists.accept_hold(AcceptHold(hold.id), uow, lambda: clock(6))
    assert accepted.booking.status == PENDING  # the session still needs approval
    with pytest.raises(BookingRefused) as not_pending:
        waitlists.approve_booking(ApproveBooking(pending.id), uow)
    assert not_pending.value.reason == "not_pending"


def test_a_hold_never_outlasts_the_booking_window(clock) -> None:
    uow, slot, (booking,) = full_slot()
    waitlists.join_waitlist(JoinWaitlist(slot.id, person()), uow, lambda: clock(1))
    late = slot.booking_closes_at - timedelta(minutes=30)

    handlers.cancel_booking(CancelBooking(booking.id), uow, lambda: late)

    (offer,) = uow.of(PlaceOffered)
    assert offer.hold_expires_at == slot.booking_closes_at


def test_the_sweep_offers_places_freed_some_other_way(clock) -> None:
    """A cancellation by text (the SMS dialogue frees the place without offering it) is
    picked up by the consumer's idle sweep."""
    uow, slot, (booking,) = full_slot()
    first = person()
    waitlists.join_waitlist(JoinWaitlist(slot.id, first), uow, lambda: clock(1))
    slot.cancel(booking, clock(5))

    assert waitlists.expire_holds(lambda: uow, clock(6)) == 1
    assert [o.participant_id for o in uow.of(PlaceOffered)] == [first]


def test_the_queue_view_shows_each_state(clock) -> None:
    uow, slot, (booking,) = full_slot()
    first, second = person(), person()
    waitlists.join_waitlist(JoinWaitlist(slot.id, first), uow, lambda: clock(1))
    waitlists.join_waitlist(JoinWaitlist(slot.id, second), uow, lambda: clock(2))
    handlers.cancel_booking(CancelBooking(booking.id), uow, lambda: clock(10))

    view = slot_waitlist(slot.id, uow, clock(20))

    assert [(e["participant_id"], e["state"], e["position"]) for e in view["entries"]] == [
        (first, "offered", 1),
        (second, "waiting", 2),
    ]
    assert view["entries"][0]["hold_expires_at"] == clock(10) + HOLD
    assert (view["held"], view["places_left"]) == (1, 0)
