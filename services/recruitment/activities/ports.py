"""The read model the activity pages and API ask (adapters/activity_views.py implements it)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

Snapshot = dict[str, Any]  # an activity or channel as domain/snapshots.py gives it


class ActivityViews(ABC):
    @abstractmethod
    def activity(self, activity_id: str) -> Snapshot | None: ...

    @abstractmethod
    def all_activities(self, only_open: bool = False) -> list[Snapshot]: ...

    @abstractmethod
    def reached_by(self, code: str) -> Snapshot | None:
        """The activity a channel code leads to, or None for an unknown code."""

    @abstractmethod
    def channels(self, activity_id: str) -> list[Snapshot]: ...
