"""Which dispatcher instance holds which messages, and when another may take them back.

Every instance has an id (host, pid, start time) and renews a heartbeat every third of its
lease. A message it marks `sending` carries its id. An instance whose heartbeat is older than the
lease is dead: its `sending` messages become `unknown` (they may have gone), and no live
instance's messages are ever touched, however many instances start or stop.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import structlog

from services.notifications.ports import UnitOfWork

log = structlog.get_logger("dispatch")

DEFAULT_LEASE = timedelta(seconds=30)


def instance_id(now: datetime) -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{now:%Y%m%dT%H%M%S.%f}"


class DispatchLease:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        lease: timedelta = DEFAULT_LEASE,
        instance: str | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self.lease = lease
        self.instance = instance or instance_id(clock())

    def renew(self, uow: UnitOfWork, now: datetime) -> None:
        """Renew the heartbeat inside the caller's transaction (a claim renews it too)."""
        uow.dispatchers.beat(self.instance, now)

    def heartbeat(self) -> None:
        with self._uow_factory() as uow:
            self.renew(uow, self._clock())
            uow.commit()

    def keep_alive(self, stop: threading.Event) -> threading.Thread:
        """Heartbeats from a thread of their own, so a long send never lets the lease lapse."""

        def beat() -> None:
            while not stop.wait(self.lease.total_seconds() / 3):
                try:
                    self.heartbeat()
                except Exception:
                    log.exception("dispatch.heartbeat_failed", instance=self.instance)

        thread = threading.Thread(target=beat, name="dispatch-heartbeat", daemon=True)
        thread.start()
        return thread

    def retire(self) -> None:
        """At a clean stop, once its sends are written: the others take up its share of the
        rate at once, instead of after the lease (a restart would halve the rate meanwhile)."""
        with self._uow_factory() as uow:
            uow.dispatchers.retire(self.instance)
            uow.commit()

    def recover_abandoned(self) -> int:
        """Messages a dead instance was sending become `unknown`; returns how many."""
        now = self._clock()
        cutoff = now - self.lease
        with self._uow_factory() as uow:
            self.renew(uow, now)
            abandoned = uow.messages.held_by_the_silent(cutoff)
            for message in abandoned:
                message.interrupted()
                log.warning(
                    "dispatch.interrupted_message",
                    message_id=message.id,
                    claimed_by=message.claimed_by,
                )
            uow.dispatchers.forget_silent(cutoff)
            uow.commit()
            return len(abandoned)
