"""Plain snapshots of activities and channels, which pages and the API can use after the
database session has closed."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from services.recruitment.activities.domain.activity import Activity
from services.recruitment.activities.domain.channels import Channel

ACTIVITY_FIELDS = (
    "id",
    "title",
    "purpose",
    "approach",
    "formats",
    "status",
    "created_at",
    "invite_on_sign_up",
    "organisation_id",  # whose: its public pages head with that organisation
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
