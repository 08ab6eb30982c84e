"""Scheduling's rules with no database: capacity, one place per person per session, the
booking window, the cancellation cut-off, and UK times across the clock changes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.scheduling.domain.events import BookingCancelled, BookingConfirmed, SlotPublished
from services.scheduling.sessions.domain.booking import CANCELLED, BookingRefused
from services.scheduling.sessions.domain.model import Session, Slot
from services.scheduling.sessions.domain.planning import SessionRejected, SlotPlan
from shared.pages.formats import uk_datetime

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def plan(days: int = 7, capacity: int = 2, **times: datetime) -> SlotPlan:
    starts = NOW + timedelta(days=days)
    return SlotPlan(starts, starts + timedelta(hours=1), capacity, **times)


def session(*plans: SlotPlan, format: str = "in_person", **kwargs: object) -> Session:
    details = {"location": "Central Library, Leeds", "joining_url": None, **kwargs}
    return Session.create(
        str(uuid.uuid4()),
        "Making GP appointments easier",
        format,
        details["location"],  # type: ignore[arg-type]
        ("step_free", "hearing_loop"),
        details["joining_url"],  # type: ignore[arg-type]
        list(plans or [plan()]),
        NOW,
    )


def person() -> str:
    return str(uuid.uuid4())


def test_creating_a_session_publishes_each_slot_in_time_order() -> None:
    created = session(plan(days=9), plan(days=8))

    assert [s.starts_at for s in created.slots] == sorted(s.starts_at for s in created.slots)
    assert [type(e) for e in created.events] == [SlotPublished, SlotPublished]
    assert created.slots[0].booking_opens_at == NOW  # defaults: open now, close at the start
    assert created.slots[0].booking_closes_at == created.slots[0].starts_at


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"format": "in_person", "location": None}, "location"),
        ({"format": "online", "location": None}, "joining_url"),
        (
            {"format": "hybrid", "location": "", "joining_url": "https://meet.example.org/x"},
            "location",
        ),
        ({"format": "hybrid", "joining_url": None}, "joining_url"),
    ],
)
def test_each_format_needs_its_own_details(kwargs: dict, field: str) -> None:
    with pytest.raises(SessionRejected) as refused:
        session(plan(), **kwargs)
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (SlotPlan(NOW + timedelta(days=1), NOW + timedelta(days=1), 5), "slots.0.ends_at"),
        (SlotPlan(NOW - timedelta(days=1), NOW, 5), "slots.0.starts_at"),
        (plan(capacity=0), "slots.0.capacity"),
        (plan(capacity=501), "slots.0.capacity"),
        (plan(booking_closes_at=NOW + timedelta(days=30)), "slots.0.booking_closes_at"),
        (plan(cancel_by=NOW + timedelta(days=30)), "slots.0.cancel_by"),
    ],
)
def test_slots_must_make_sense(bad: SlotPlan, field: str) -> None:
    with pytest.raises(SessionRejected) as refused:
        session(bad)
    assert refused.value.field == field


def booked_slot(capacity: int = 2) -> Slot:
    return session(plan(capacity=capacity)).slots[0]


def test_a_slot_never_goes_over_capacity() -> None:
    slot = booked_slot(capacity=2)
    slot.book(person(), None, NOW)
    slot.book(person(), None, NOW)

    with pytest.raises(BookingRefused) as refused:
        slot.book(person(), None, NOW)
    assert (refused.value.reason, refused.value.message) == ("full", "This time is full.")
    assert slot.places_left == 0


def test_booking_the_same_slot_again_is_the_same_booking_and_no_second_event() -> None:
    slot, who = booked_slot(), person()
    first = slot.book(who, None, NOW)
    again = slot.book(who, first, NOW)

    assert again is first
    assert [type(e) for e in slot.events] == [BookingConfirmed]


def test_one_place_per_person_per_session() -> None:
    created = session(plan(days=7), plan(days=8))
    who = person()
    held = created.slots[0].book(who, None, NOW)

    with pytest.raises(BookingRefused) as refused:
        created.slots[1].book(who, held, NOW)
    assert refused.value.reason == "already_booked"


@pytest.mark.parametrize(
    ("moment", "reason"),
    [
        (NOW - timedelta(hours=1), "not_open"),
        (NOW + timedelta(days=6, hours=23), "closed"),
        (NOW + timedelta(days=7, minutes=1), "started"),
    ],
)
def test_booking_outside_the_window_is_refused(moment: datetime, reason: str) -> None:
    slot = session(plan(booking_opens_at=NOW, booking_closes_at=NOW + timedelta(days=6))).slots[0]
    with pytest.raises(BookingRefused) as refused:
        slot.book(person(), None, moment)
    assert refused.value.reason == reason


def test_cancelling_frees_the_place_once_and_not_after_the_cut_off() -> None:
    slot = session(plan(capacity=1, cancel_by=NOW + timedelta(days=5))).slots[0]
    booking = slot.book(person(), None, NOW)

    slot.cancel(booking, NOW + timedelta(days=1))
    slot.cancel(booking, NOW + timedelta(days=1))  # twice: harmless
    assert booking.status == CANCELLED and slot.places_left == 1
    assert [type(e) for e in slot.events] == [BookingConfirmed, BookingCancelled]

    late = slot.book(person(), None, NOW + timedelta(days=2))
    with pytest.raises(BookingRefused) as refused:
        slot.cancel(late, NOW + timedelta(days=5))
    assert refused.value.reason == "cut_off"


def test_the_confirmation_carries_the_session_not_the_person() -> None:
    slot = booked_slot()
    slot.book(person(), None, NOW)
    confirmed = slot.events[0]
    assert isinstance(confirmed, BookingConfirmed)
    assert confirmed.location == "Central Library, Leeds"
    assert confirmed.booked_via == "coordinator"


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [(datetime(2026, 3, 29), 9), (datetime(2026, 10, 25), 10)],  # the last Sundays
)
def test_half_past_ten_in_london_across_the_clock_changes(day: datetime, utc_hour: int) -> None:
    local = day.replace(hour=10, minute=30, tzinfo=LONDON)
    starts = local.astimezone(UTC)
    assert (starts.hour, starts.minute) == (utc_hour, 30)

    slot = Session.create(
        str(uuid.uuid4()),
        "Clocks",
        "online",
        None,
        (),
        "https://meet.example.org/clocks",
        [SlotPlan(starts, starts + timedelta(hours=1), 5)],
        datetime(2026, 1, 1, tzinfo=UTC),
    ).slots[0]
    assert slot.starts_at == starts
    assert uk_datetime(slot.starts_at).endswith(", 10:30am")
    assert uk_datetime(slot.starts_at).startswith("Sunday")
