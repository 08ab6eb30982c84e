"""Work that runs now and then from a poll loop, without a thread of its own."""

from __future__ import annotations

import time
from collections.abc import Callable


def every(seconds: float, work: Callable[[], object]) -> Callable[[], None]:
    """Run work at most once per interval when called from the consumer's poll loop."""
    last = [0.0]

    def maybe_run() -> None:
        if time.monotonic() - last[0] >= seconds:
            last[0] = time.monotonic()
            work()

    return maybe_run
