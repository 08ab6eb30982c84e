"""The one accessor notifications' views use: the bus create_app was given, and its read models."""

from __future__ import annotations

from flask import current_app

from services.notifications.ports import MessageViews
from shared.bus.messagebus import MessageBus

BUS = "notifications.bus"


def bus() -> MessageBus:
    return current_app.extensions[BUS]


def views() -> MessageViews:
    return bus().dependencies["views"]
