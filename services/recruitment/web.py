"""The one way recruitment's views reach the bus that create_app was given."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app

from services.recruitment.activities.ports import ActivityViews
from shared.bus.messagebus import MessageBus

_BUS = "recruitment.bus"


def install(app: Flask, message_bus: MessageBus) -> None:
    app.extensions[_BUS] = message_bus


def bus(app: Flask | None = None) -> MessageBus:
    """The app's bus (the current app's, inside a request)."""
    return (app or current_app).extensions[_BUS]


def unit_of_work() -> Any:
    """A fresh unit of work, for the views that read."""
    return bus().uow_factory()


def activity_views() -> ActivityViews:
    return bus().dependencies["activity_views"]


def dependency(name: str) -> Any:
    """One of the adapters bootstrap put on the bus (passwords, deprivation, settings...)."""
    return bus().dependencies[name]
