"""The one accessor notifications' views use: the bus create_app was given, and its read models."""

from __future__ import annotations

from services.notifications.ports import MessageViews
from shared.web import current_bus as bus

__all__ = ["bus", "views"]


def views() -> MessageViews:
    return bus().dependencies["views"]
