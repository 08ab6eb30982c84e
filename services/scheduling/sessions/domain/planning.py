"""The rules a new session and its times must meet before anyone can book."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

FORMATS = ("online", "in_person", "hybrid")
ACCESS_FEATURES = ("step_free", "hearing_loop", "accessible_toilet", "parking", "public_transport")
MAX_CAPACITY = 500
MAX_SLOTS = 50


class SessionRejected(ValueError):
    """The session breaks a rule; `field` says which answer (e.g. 'slots.0.ends_at')."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class SlotPlan:
    """A time to offer. Booking opens at once and closes, like cancelling, at the start unless
    the coordinator says otherwise."""

    starts_at: datetime
    ends_at: datetime
    capacity: int
    booking_opens_at: datetime | None = None
    booking_closes_at: datetime | None = None
    cancel_by: datetime | None = None
    # Too few people to be worth running: decided at decision_at (default 2 days before).
    min_group_size: int | None = None
    decision_at: datetime | None = None


def check_session(
    activity_title: str,
    format: str,
    location: str | None,
    access_features: tuple[str, ...],
    joining_url: str | None,
    plans: list[SlotPlan],
    now: datetime,
) -> None:
    if not activity_title.strip():
        raise SessionRejected("activity_title", "Enter the activity's title.")
    if format not in FORMATS:
        raise SessionRejected("format", "Choose online, in person or hybrid.")
    if format in ("in_person", "hybrid") and not (location and location.strip()):
        raise SessionRejected("location", "Enter the venue's name and address.")
    if format in ("online", "hybrid") and not joining_url:
        raise SessionRejected("joining_url", "Enter the link people use to join online.")
    unknown = set(access_features) - set(ACCESS_FEATURES)
    if unknown:
        raise SessionRejected("access_features", f"Unknown access features: {sorted(unknown)}.")
    if not 1 <= len(plans) <= MAX_SLOTS:
        raise SessionRejected("slots", f"Offer between 1 and {MAX_SLOTS} times.")
    for index, plan in enumerate(plans):
        check_slot(f"slots.{index}", plan, now)


def check_slot(field: str, plan: SlotPlan, now: datetime) -> None:
    times = [plan.starts_at, plan.ends_at, plan.booking_opens_at, plan.booking_closes_at]
    times += [plan.cancel_by, plan.decision_at]
    if any(t is not None and t.utcoffset() is None for t in times):
        raise SessionRejected(field, "Give times with a time zone.")  # never guess the offset
    if plan.ends_at <= plan.starts_at:
        raise SessionRejected(f"{field}.ends_at", "The end must be after the start.")
    if plan.starts_at <= now:
        raise SessionRejected(f"{field}.starts_at", "Choose a time in the future.")
    if not 1 <= plan.capacity <= MAX_CAPACITY:
        raise SessionRejected(f"{field}.capacity", f"Offer 1 to {MAX_CAPACITY} places.")
    closes = plan.booking_closes_at or plan.starts_at
    if closes > plan.starts_at:
        raise SessionRejected(f"{field}.booking_closes_at", "Close booking by the start.")
    if plan.booking_opens_at is not None and plan.booking_opens_at >= closes:
        raise SessionRejected(f"{field}.booking_opens_at", "Open booking before it closes.")
    if plan.cancel_by is not None and plan.cancel_by > plan.starts_at:
        raise SessionRejected(f"{field}.cancel_by", "Set the cancellation cut-off by the start.")
    if plan.min_group_size is not None and not 1 <= plan.min_group_size <= plan.capacity:
        raise SessionRejected(
            f"{field}.min_group_size", "The minimum group size must be from 1 to the capacity."
        )
    if plan.decision_at is not None:
        if plan.min_group_size is None:
            raise SessionRejected(
                f"{field}.decision_at", "Set a minimum group size to have a decision time."
            )
        if plan.decision_at >= plan.starts_at:
            raise SessionRejected(f"{field}.decision_at", "Set the decision time before the start.")


MAX_DIRECTIONS = 500


def check_directions(directions: str | None) -> None:
    if directions is not None and len(directions.strip()) > MAX_DIRECTIONS:
        raise SessionRejected("directions", f"Keep directions to {MAX_DIRECTIONS} characters.")


# Unless the coordinator says otherwise, a small group is decided on 2 days before the start.
DECISION_NOTICE = timedelta(days=2)


def decision_time(plan: SlotPlan) -> datetime | None:
    if plan.min_group_size is None:
        return None
    return plan.decision_at or plan.starts_at - DECISION_NOTICE
