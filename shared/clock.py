"""The clock every service's handlers are given: bootstrap injects utc_now, tests a fixed one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]  # the time now, aware (UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)
