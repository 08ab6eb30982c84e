"""Channels whose provider cannot be reached, or refuses our credentials, for a while.

Nothing is claimed for a paused channel: its messages stay queued. Each pause is twice the one
before (2 s up to 5 minutes), so a provider that is down is tried now and then, not by every
message in the queue at once, and the first send that works ends the pauses.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

FIRST_PAUSE = timedelta(seconds=2)
LONGEST_PAUSE = timedelta(minutes=5)


class ChannelPauses:
    def __init__(self) -> None:
        self._lock = threading.Lock()  # sends run in a thread pool
        self._until: dict[str, datetime] = {}
        self._pauses: dict[str, int] = {}

    def paused(self, channel: str, now: datetime) -> bool:
        with self._lock:
            until = self._until.get(channel)
            return until is not None and now < until

    def failed(self, channel: str, now: datetime) -> datetime:
        """The channel's provider was unavailable: when to try it again."""
        with self._lock:
            until = self._until.get(channel)
            if until is not None and now < until:
                return until  # another send of the same moment: the same pause
            count = self._pauses.get(channel, 0)
            self._pauses[channel] = count + 1
            until = now + min(LONGEST_PAUSE, FIRST_PAUSE * 2**count)
            self._until[channel] = until
            return until

    def worked(self, channel: str) -> None:
        with self._lock:
            self._until.pop(channel, None)
            self._pauses.pop(channel, None)
