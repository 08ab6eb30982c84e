"""Read models of activities and channels: plain snapshots taken inside the unit of work, so
pages and the API can use them after the database session has closed."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from services.recruitment.activities.domain.activity import Activity
from services.recruitment.activities.domain.channels import Channel
from services.recruitment.participants.ports import UnitOfWork

ACTIVITY_FIELDS = (
    "id",
    "title",
    "purpose",
    "approach",
    "formats",
    "status",
    "created_at",
    "invite_on_sign_up",
)


def snapshot(activity: Activity) -> dict[str, Any]:
    return {
        **{name: getattr(activity, name) for name in ACTIVITY_FIELDS},
        "audience": dict(activity.audience),
        "offer": dict(activity.offer),
        "who": activity.who,
        "in_return": activity.in_return,
        "accepts_sign_ups": activity.accepts_sign_ups,
    }


def channel_snapshot(channel: Channel) -> dict[str, Any]:
    return {**asdict(channel), "sign_up_url": f"/join/{channel.code}"}


def activity(activity_id: str, uow: UnitOfWork) -> dict[str, Any] | None:
    with uow:
        found = uow.activities.get(activity_id)
        return snapshot(found) if found else None


def all_activities(uow: UnitOfWork, only_open: bool = False) -> list[dict[str, Any]]:
    with uow:
        found = uow.activities.all()
        return [snapshot(a) for a in found if a.accepts_sign_ups or not only_open]


def reached_by(code: str, uow: UnitOfWork) -> dict[str, Any] | None:
    """The activity a channel code leads to, or None for an unknown code."""
    with uow:
        channel = uow.channels.by_code(code)
        found = uow.activities.get(channel.activity_id) if channel else None
        return snapshot(found) if found else None


def channels(activity_id: str, uow: UnitOfWork) -> list[dict[str, Any]]:
    with uow:
        return [channel_snapshot(c) for c in uow.channels.for_activity(activity_id)]
