"""What scheduling's views take from the app: its message bus, and through it the unit of work,
the clock and the read models (one accessor each; create_app puts the bus in place)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask

from shared.bus.messagebus import MessageBus
from shared.web import current_bus as bus
from shared.web import unit_of_work

__all__ = ["bus", "bus_of", "handle", "now", "reads", "unit_of_work"]


def bus_of(app: Flask) -> MessageBus:
    return bus(app)


def handle(command: object) -> Any:
    """Run a command through the bus (its handler opens and commits its own unit of work)."""
    return bus().handle(command)


def now() -> datetime:
    """The bus's clock: the real time, or the one a test fixed."""
    return bus().dependencies["clock"]()  # type: ignore[no-any-return]


def reads(name: str) -> Any:
    """A read model bootstrap built (ports in each feature say what it answers)."""
    return bus().dependencies[name]
