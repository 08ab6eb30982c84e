"""A time with too few people to be worth running: by its decision time (default 2 days before
the start) a time below its minimum group size is flagged to the coordinator, who either runs it
anyway or calls the session off (sessions/domain/cancellation.py)."""

from __future__ import annotations

from datetime import datetime

from services.scheduling.sessions.domain.booking import BookingRefused
from services.scheduling.sessions.domain.model import Slot


def below_minimum(slot: Slot, now: datetime) -> bool:
    """Flagged: the decision time has come, fewer confirmed bookings than the minimum, and
    nobody has yet decided (confirmed it to run, or cancelled the session). Once the time has
    started there is nothing left to decide."""
    if slot.min_group_size is None or slot.decision_at is None:
        return False
    if slot.confirmed_to_run_at is not None or now >= slot.starts_at:
        return False
    if slot.session is not None and slot.session.cancelled_at is not None:
        return False
    return now >= slot.decision_at and len(slot.confirmed) < slot.min_group_size


def run_anyway(slot: Slot, now: datetime) -> None:
    """The coordinator decides to run this time with the people booked. Deciding twice keeps the
    first decision."""
    if slot.confirmed_to_run_at is not None:
        return
    if slot.min_group_size is None:
        raise BookingRefused("no_minimum", "This time has no minimum group size.")
    if slot.session is not None and slot.session.cancelled_at is not None:
        raise BookingRefused("cancelled", "This session has been cancelled.")
    if now >= slot.starts_at:
        raise BookingRefused("started", "This time has already started.")
    slot.confirmed_to_run_at = now
