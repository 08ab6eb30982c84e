"""What scheduling asks staff to act on (SchedulingStaffTask, for notifications' digests):

- session_below_minimum: a time with a minimum group size has fewer confirmed bookings than the
  minimum, from a day before its decision time (urgent once the decision is due). Done when it
  reaches the minimum, a coordinator runs it anyway, the session is cancelled or the time starts.
- hold_expired: a place held for someone on the waitlist lapsed unanswered (the next person may
  not want it either, or nobody is left waiting). Done when a coordinator marks it seen on the
  session page (a button: opening a page must change nothing) or the time starts.

A task's id is stable per kind and subject (uuid5), so each new state replaces the last."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from services.scheduling.domain.events import StaffTaskChanged
from services.scheduling.sessions.domain.model import Slot

BELOW_MINIMUM, HOLD_EXPIRED = "session_below_minimum", "hold_expired"
OPEN, URGENT, DONE = "open", "urgent", "done"  # URGENT: open, and the decision is due
WARN_BEFORE_DECISION = timedelta(days=1)
_NAMESPACE = uuid.UUID("5b1f0c3e-7a2d-4e8b-9c61-2f4d8a0b6e17")


def task_id(kind: str, subject: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{subject}"))


def session_path(session_id: str) -> str:
    return f"/book/manage/sessions/{session_id}"


def below_minimum_state(slot: Slot, now: datetime) -> str:
    """OPEN, URGENT or DONE for this time's below-minimum task."""
    session = slot.session
    if slot.min_group_size is None or slot.decision_at is None or session is None:
        return DONE
    if session.cancelled_at is not None or slot.confirmed_to_run_at is not None:
        return DONE
    if now >= slot.starts_at or len(slot.confirmed) >= slot.min_group_size:
        return DONE
    if now >= slot.decision_at:
        return URGENT
    return OPEN if now >= slot.decision_at - WARN_BEFORE_DECISION else DONE


def below_minimum_changed(slot: Slot, state: str, now: datetime) -> StaffTaskChanged:
    session = slot.session
    assert session is not None  # a slot is always loaded with its session
    return StaffTaskChanged(
        task_id(BELOW_MINIMUM, slot.id),
        BELOW_MINIMUM,
        DONE if state == DONE else OPEN,
        session.activity_id,
        session_path(session.id),
        state == URGENT,
        slot.starts_at,
        now,
        booked=len(slot.confirmed),
        minimum=slot.min_group_size,
    )


def hold_expired_changed(slot: Slot, task: str, state: str, now: datetime) -> StaffTaskChanged:
    """`task` is task_id(HOLD_EXPIRED, the waitlist entry's id)."""
    session = slot.session
    assert session is not None
    return StaffTaskChanged(
        task,
        HOLD_EXPIRED,
        state,
        session.activity_id,
        session_path(session.id),
        False,  # the next person is offered the place anyway: the daily digest will do
        slot.starts_at,
        now,
    )
