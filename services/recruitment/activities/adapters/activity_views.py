"""Activities and channels read through recruitment's unit of work, as snapshots."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.recruitment.activities.domain.snapshots import channel_snapshot, snapshot
from services.recruitment.activities.ports import ActivityViews, Snapshot


class UnitOfWorkActivityViews(ActivityViews):
    def __init__(self, uow_factory: Callable[[], Any]) -> None:
        self._uow = uow_factory

    def activity(self, activity_id: str) -> Snapshot | None:
        with self._uow() as uow:
            found = uow.activities.get(activity_id)
            return snapshot(found) if found else None

    def all_activities(self, only_open: bool = False) -> list[Snapshot]:
        with self._uow() as uow:
            found = uow.activities.all()
            return [snapshot(a) for a in found if a.accepts_sign_ups or not only_open]

    def reached_by(self, code: str) -> Snapshot | None:
        with self._uow() as uow:
            channel = uow.channels.by_code(code)
            found = uow.activities.get(channel.activity_id) if channel else None
            return snapshot(found) if found else None

    def channels(self, activity_id: str) -> list[Snapshot]:
        with self._uow() as uow:
            return [channel_snapshot(c) for c in uow.channels.for_activity(activity_id)]
