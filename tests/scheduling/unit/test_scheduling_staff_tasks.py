"""Staff tasks' rules with a clock we control: when a time below its minimum is a task, when it
is urgent and when it is done; the ids stay the same across states; the contract's fields."""

from __future__ import annotations

from datetime import timedelta

from services.scheduling.sessions.domain.cancellation import cancel_session
from services.scheduling.sessions.domain.group_size import run_anyway
from services.scheduling.staff_tasks import domain as staff_tasks
from services.scheduling.staff_tasks.domain import DONE, OPEN, URGENT, below_minimum_state
from tests.scheduling.unit.test_scheduling_group_size import NOW, STARTS, book, plan, session

DECIDE = STARTS - timedelta(days=2)  # the default decision time


def test_a_time_below_its_minimum_opens_a_day_before_its_decision() -> None:
    slot = session(plan(min_group_size=3)).slots[0]
    book(slot, 2)
    assert below_minimum_state(slot, DECIDE - timedelta(days=1, minutes=1)) == DONE
    assert below_minimum_state(slot, DECIDE - timedelta(days=1)) == OPEN
    assert below_minimum_state(slot, DECIDE) == URGENT
    assert below_minimum_state(slot, STARTS) == DONE  # the time has come


def test_it_is_done_at_the_minimum_when_run_anyway_or_cancelled() -> None:
    reached = session(plan(min_group_size=2)).slots[0]
    book(reached, 2)
    assert below_minimum_state(reached, DECIDE) == DONE

    anyway = session(plan(min_group_size=3)).slots[0]
    run_anyway(anyway, DECIDE)
    assert below_minimum_state(anyway, DECIDE) == DONE

    called_off = session(plan(min_group_size=3))
    cancel_session(called_off, NOW)
    assert below_minimum_state(called_off.slots[0], DECIDE) == DONE
    assert below_minimum_state(session(plan()).slots[0], DECIDE) == DONE  # no minimum


def test_the_announcement_carries_counts_and_the_page_not_people() -> None:
    slot = session(plan(min_group_size=3)).slots[0]
    book(slot, 1)
    urgent = staff_tasks.below_minimum_changed(slot, URGENT, DECIDE)
    done = staff_tasks.below_minimum_changed(slot, DONE, STARTS)
    assert urgent.task_id == done.task_id == staff_tasks.task_id("session_below_minimum", slot.id)
    data = urgent.data()
    assert (data["state"], data["urgent"], data["booked"], data["minimum"]) == ("open", True, 1, 3)
    assert data["path"] == f"/book/manage/sessions/{slot.session_id}"
    assert "participant_id" not in data
    assert done.data()["state"] == "done" and not done.data()["urgent"]
