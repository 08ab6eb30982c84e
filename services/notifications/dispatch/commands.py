"""The dispatcher's periodic work, asked for by the consumer process between polls."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass(frozen=True)
class StartDispatching:
    """At process start: announce this instance, and recover what dead instances left.
    `in_background`: from then on, send from a thread of its own (the consumer process), until
    `stop` is set."""

    in_background: bool = False
    stop: threading.Event | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SendDue:
    """Work through what is owed and due for up to `seconds`."""

    seconds: float = 1.0


@dataclass(frozen=True)
class RecoverInterrupted:
    """Messages a dead instance was sending become unknown."""


@dataclass(frozen=True)
class Reconcile:
    """Settle unknown texts by asking Twilio whether it has them."""
