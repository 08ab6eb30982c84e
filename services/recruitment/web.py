"""The one way recruitment's views reach the bus that create_app was given (shared.web)."""

from __future__ import annotations

from typing import Any

from services.recruitment.activities.ports import ActivityViews
from shared.web import current_bus as bus
from shared.web import unit_of_work

__all__ = ["activity_views", "bus", "dependency", "unit_of_work"]


def activity_views() -> ActivityViews:
    return bus().dependencies["activity_views"]  # type: ignore[no-any-return]


def dependency(name: str) -> Any:
    """One of the adapters bootstrap put on the bus (passwords, deprivation, settings...)."""
    return bus().dependencies[name]
