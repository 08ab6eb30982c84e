"""Texts leave evenly spaced, a little under the rate, instead of in one burst per second.

The database budget (dispatcher.py) counts texts when they are claimed; a claimed batch sent as
fast as the pool allows reaches Twilio in a burst, and how late each text of a burst leaves
varies, so the next second's burst can overlap it at Twilio. Spaced starts leave no such overlap,
and the margin absorbs the jitter between the start here and the arrival there.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

# Each start is (1 + MARGIN) / rate after the one before: 200/s leaves at about 196/s.
MARGIN = 0.02


class Pacer:
    def __init__(
        self,
        per_second: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._sleep = sleep
        self._spacing = (1 + MARGIN) / per_second
        self._next = 0.0  # the earliest moment the next start may happen

    def share(self, per_second: float) -> None:
        """This instance's part of the rate changes (as instances come and go)."""
        with self._lock:
            self._spacing = (1 + MARGIN) / per_second

    def wait(self) -> None:
        """Block until this caller's turn; turns are handed out in the order asked for."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self._spacing
        if start > now:
            self._sleep(start - now)
