"""More times for a session that is already on offer: each follows the rules of a new one,
and none may repeat a time the session already has."""

from __future__ import annotations

from datetime import datetime

from services.scheduling.sessions.domain.model import Session, Slot
from services.scheduling.sessions.domain.planning import (
    MAX_SLOTS,
    SessionRejected,
    SlotPlan,
    check_slot,
)


def add_times(session: Session, plans: list[SlotPlan], now: datetime) -> list[Slot]:
    """Offers each plan (SlotPublished each); raises SessionRejected before any change."""
    if session.cancelled_at is not None:
        raise SessionRejected("session", "This session has been cancelled.")
    if not plans or len(session.slots) + len(plans) > MAX_SLOTS:
        raise SessionRejected("slots", f"A session has at most {MAX_SLOTS} times.")
    offered = {(slot.starts_at, slot.ends_at) for slot in session.slots}
    for index, plan in enumerate(plans):
        check_slot(f"slots.{index}", plan, now)
        if (plan.starts_at, plan.ends_at) in offered:
            raise SessionRejected(f"slots.{index}.starts_at", "This time is already offered.")
        offered.add((plan.starts_at, plan.ends_at))  # nor twice in one go
    before = len(session.slots)
    for plan in sorted(plans, key=lambda p: p.starts_at):
        session.offer(plan, now)
    return session.slots[before:]
