"""Keeping staff tasks true (staff_tasks/domain.py): from the consumer's idle loop every
minute, from a hold that lapses, and from the coordinator's "seen" button. Each change of state
is announced once, through the outbox, in the transaction that records it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from services.scheduling.ports import UnitOfWork
from services.scheduling.sessions.domain.model import Slot
from services.scheduling.staff_tasks import domain as staff_tasks
from services.scheduling.staff_tasks.commands import MarkHoldsSeen
from services.scheduling.staff_tasks.domain import BELOW_MINIMUM, DONE, HOLD_EXPIRED, OPEN
from services.scheduling.waitlist.domain import WaitlistEntry
from shared.clock import Clock, utc_now
from shared.periodic import Schedule, on_each_instance


def hold_lapsed(slot: Slot, entry: WaitlistEntry, uow: UnitOfWork, now: datetime) -> None:
    """Inside the caller's unit of work (the slot locked): a held place went unanswered."""
    task_id = staff_tasks.task_id(HOLD_EXPIRED, entry.id)
    uow.tasks.save(task_id, HOLD_EXPIRED, OPEN, slot.session_id, slot.id, now)
    uow.events.append(staff_tasks.hold_expired_changed(slot, task_id, OPEN, now))


def review(uow: UnitOfWork, now: datetime | None = None) -> int:
    """Opens, raises or closes each time's below-minimum task, and closes lapsed-hold tasks
    whose time has started or whose session was cancelled. Returns how many changed."""
    now = now or datetime.now(UTC)
    changed = 0
    with uow:
        open_slots = [slot_id for _, slot_id in uow.tasks.open_tasks(BELOW_MINIMUM)]
        for slot_id in uow.tasks.minimum_slots(now, open_slots):
            slot = uow.slots.get(slot_id)
            if slot is None:
                continue
            state = staff_tasks.below_minimum_state(slot, now)
            task_id = staff_tasks.task_id(BELOW_MINIMUM, slot.id)
            kept = uow.tasks.state(task_id)
            if kept == state or (kept is None and state == DONE):
                continue
            uow.tasks.save(task_id, BELOW_MINIMUM, state, slot.session_id, slot.id, now)
            uow.events.append(staff_tasks.below_minimum_changed(slot, state, now))
            changed += 1
        for task_id, slot_id in uow.tasks.open_tasks(HOLD_EXPIRED):
            slot = uow.slots.get(slot_id)
            cancelled = slot is not None and slot.session is not None and slot.session.cancelled_at
            if slot is not None and (now >= slot.starts_at or cancelled):
                changed += _close(uow, slot, task_id, now)
        uow.commit()
    return changed


def mark_seen(cmd: MarkHoldsSeen, uow: UnitOfWork, clock: Clock = utc_now) -> int:
    """A coordinator has seen the session's lapsed holds: those tasks are done."""
    now = clock()
    with uow:
        closed = 0
        for task_id, slot_id in uow.tasks.open_tasks(HOLD_EXPIRED, cmd.session_id):
            slot = uow.slots.get(slot_id)
            if slot is not None:
                closed += _close(uow, slot, task_id, now)
        uow.commit()
        return closed


def _close(uow: UnitOfWork, slot: Slot, task_id: str, now: datetime) -> int:
    uow.tasks.save(task_id, HOLD_EXPIRED, DONE, slot.session_id, slot.id, now)
    uow.events.append(staff_tasks.hold_expired_changed(slot, task_id, DONE, now))
    return 1


def open_lapsed_holds(session_id: str, uow: UnitOfWork) -> int:
    """How many lapsed holds in this session staff have not yet marked seen."""
    with uow:
        return len(uow.tasks.open_tasks(HOLD_EXPIRED, session_id))


def reviewer(
    uow_factory: Callable[[], UnitOfWork],
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    seconds: float = 60.0,
    schedule: Schedule = on_each_instance,
) -> Callable[[], None]:
    """An idle-loop task for the consumer: review at most once every `seconds`."""
    return schedule("staff-task-review", seconds, lambda: review(uow_factory(), clock()))
