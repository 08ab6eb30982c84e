"""The minimum group size with a clock we control: when a time is flagged, the default decision
time, running it anyway, and the planning rules (minimum within capacity, decision before start)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from services.scheduling.sessions.domain.booking import BookingRefused
from services.scheduling.sessions.domain.cancellation import cancel_session
from services.scheduling.sessions.domain.group_size import below_minimum, run_anyway
from services.scheduling.sessions.domain.model import Session, Slot
from services.scheduling.sessions.domain.planning import SessionRejected, SlotPlan

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
STARTS = NOW + timedelta(days=7)


def plan(capacity: int = 5, **kwargs: object) -> SlotPlan:
    return SlotPlan(STARTS, STARTS + timedelta(hours=1), capacity, **kwargs)  # type: ignore[arg-type]


def session(*plans: SlotPlan, directions: str | None = None) -> Session:
    return Session.create(
        str(uuid.uuid4()),
        "Making GP appointments easier",
        "in_person",
        "Central Library, Leeds",
        ("step_free",),
        None,
        list(plans or [plan(min_group_size=3)]),
        NOW,
        directions=directions,
    )


def book(slot: Slot, people: int) -> None:
    for _ in range(people):
        slot.book(str(uuid.uuid4()), None, NOW)


def test_the_decision_is_two_days_before_the_start_unless_set() -> None:
    default, chosen = session(
        plan(min_group_size=3), plan(min_group_size=2, decision_at=STARTS - timedelta(hours=5))
    ).slots
    assert default.decision_at == STARTS - timedelta(days=2)
    assert chosen.decision_at == STARTS - timedelta(hours=5)
    assert session(plan()).slots[0].decision_at is None  # no minimum, nothing to decide


def test_a_time_is_flagged_from_its_decision_time_while_below_the_minimum() -> None:
    slot = session().slots[0]
    book(slot, 2)
    decision = STARTS - timedelta(days=2)

    assert not below_minimum(slot, decision - timedelta(seconds=1))  # not yet time to decide
    assert below_minimum(slot, decision)
    assert below_minimum(slot, STARTS - timedelta(minutes=1))
    assert not below_minimum(slot, STARTS)  # started: nothing left to decide


def test_enough_people_or_no_minimum_is_never_flagged() -> None:
    enough = session().slots[0]
    book(enough, 3)
    assert not below_minimum(enough, STARTS - timedelta(hours=1))

    none_set = session(plan()).slots[0]
    assert not below_minimum(none_set, STARTS - timedelta(hours=1))


def test_cancelled_bookings_do_not_count() -> None:
    slot = session().slots[0]
    book(slot, 3)
    slot.cancel(slot.confirmed[0], NOW)
    assert below_minimum(slot, STARTS - timedelta(days=1))


def test_running_it_anyway_clears_the_flag_once() -> None:
    slot = session().slots[0]
    later = STARTS - timedelta(days=1)
    run_anyway(slot, later)
    run_anyway(slot, later + timedelta(hours=1))  # a second click keeps the first decision

    assert slot.confirmed_to_run_at == later
    assert not below_minimum(slot, later)


def test_calling_the_session_off_clears_the_flag() -> None:
    created = session()
    slot = created.slots[0]
    cancel_session(created, STARTS - timedelta(days=1))
    assert not below_minimum(slot, STARTS - timedelta(days=1))
    with pytest.raises(BookingRefused) as refused:
        run_anyway(slot, STARTS - timedelta(days=1))
    assert refused.value.reason == "cancelled"


@pytest.mark.parametrize(
    ("kwargs", "when", "reason"),
    [({}, STARTS - timedelta(days=1), "no_minimum"), ({"min_group_size": 2}, STARTS, "started")],
)
def test_running_it_anyway_is_refused_when_it_makes_no_sense(
    kwargs: dict[str, object], when: datetime, reason: str
) -> None:
    slot = session(plan(**kwargs)).slots[0]
    with pytest.raises(BookingRefused) as refused:
        run_anyway(slot, when)
    assert refused.value.reason == reason
    assert slot.confirmed_to_run_at is None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"min_group_size": 6}, "slots.0.min_group_size"),  # more than the capacity of 5
        ({"min_group_size": 0}, "slots.0.min_group_size"),
        ({"min_group_size": 2, "decision_at": STARTS}, "slots.0.decision_at"),
        ({"min_group_size": 2, "decision_at": STARTS.replace(tzinfo=None)}, "slots.0"),
        ({"decision_at": STARTS - timedelta(days=1)}, "slots.0.decision_at"),  # no minimum
    ],
)
def test_planning_checks_the_minimum_and_the_decision_time(
    kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(SessionRejected) as rejected:
        session(plan(**kwargs))
    assert rejected.value.field == field


def test_the_minimum_may_equal_the_capacity() -> None:
    assert session(plan(capacity=4, min_group_size=4)).slots[0].min_group_size == 4


def test_directions_are_kept_trimmed_and_limited() -> None:
    assert session(directions="  Enter by the side door on Park Lane ").directions == (
        "Enter by the side door on Park Lane"
    )
    assert session(directions="   ").directions is None
    with pytest.raises(SessionRejected) as rejected:
        session(directions="x" * 501)
    assert rejected.value.field == "directions"
