"""Which outbox buckets one relay instance may publish, kept fair among the live relays.

PostgreSQL: every relay keeps a membership lease ("relay-member:<id>") and leases on up to
ceil(buckets / live relays) buckets; it releases the extras when more relays appear and takes
free or expired buckets when fewer remain. SQLite is single-instance: one lease ("relay-solo")
covers every bucket, and a second relay stands by until it expires.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable

import structlog
from sqlalchemy import Engine

from shared.bus.buckets import BUCKETS, bucket_from_lease, bucket_lease, fair_share
from shared.bus.leases import Leases, died_on_this_host
from shared.clock import Clock, utc_now

log = structlog.get_logger("relay")

MEMBER = "relay-member:"
BUCKET = "relay-bucket:"
SOLO = "relay-solo"
ALL_BUCKETS = list(range(BUCKETS))


class RelayShare:
    def __init__(
        self,
        engine: Engine,
        holder: str,
        ttl_s: float,
        clock: Clock = utc_now,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.leases = Leases(engine, holder, ttl_s, clock)
        self.solo = engine.dialect.name == "sqlite"
        self._ttl_s = ttl_s
        self._monotonic = monotonic
        self._buckets: list[int] = []
        self._valid_until = 0.0
        self._standing_by_for: str | None = None
        self._prepared = False
        # Below its fair share with buckets about to be freed: ask again soon, not in ttl/3.
        self.wants_more = False

    @property
    def holder(self) -> str:
        return self.leases.holder

    def held(self) -> list[int]:
        """The buckets this relay holds, as of its last rebalance; none once that view is
        older than the lease could be (it may have moved meanwhile)."""
        return self._buckets if self._monotonic() < self._valid_until else []

    def rebalance(self) -> list[int]:
        started = self._monotonic()
        self._buckets = self._solo() if self.solo else self._shared()
        # A margin below the TTL: others see the lease expire by their own clocks.
        self._valid_until = started + self._ttl_s * 0.75
        return self._buckets

    def stop(self) -> None:
        """Hand everything back at once, so a successor need not wait for the TTL."""
        if self.solo:
            self.leases.release([SOLO])
        else:
            self.leases.release([bucket_lease(b) for b in self._buckets])
            self.leases.drop([MEMBER + self.holder])
        self._buckets = []

    def _solo(self) -> list[int]:
        if not self._prepared:
            self.leases.ensure([SOLO])
            self._prepared = True
        other = self.leases.live_holders(SOLO).get(SOLO)
        if other is not None and died_on_this_host(other) and self.leases.take_from(SOLO, other):
            log.info("relay.previous_relay_died", relay=self.holder, previous=other)
            return ALL_BUCKETS
        if self.leases.take([SOLO]):
            if self._standing_by_for is not None:
                log.info("relay.taking_over", relay=self.holder, previous=self._standing_by_for)
                self._standing_by_for = None
            return ALL_BUCKETS
        other = other or "another relay"
        if self._standing_by_for is None:
            log.warning(
                "relay.standing_by",
                message=f"SQLite is single-instance: relay {other} is already running; "
                "this one stands by",
                relay=self.holder,
                running=other,
            )
            self._standing_by_for = other
        return []

    def _shared(self) -> list[int]:
        if not self._prepared:
            self.leases.ensure(bucket_lease(b) for b in ALL_BUCKETS)
            self._prepared = True
        member = MEMBER + self.holder
        if not self.leases.take([member]):
            self.leases.ensure([member])
            self.leases.take([member])
        self.leases.forget_expired(MEMBER)
        mine = [bucket_from_lease(n) for n in self.leases.renew(BUCKET)]
        live = self.leases.count_live(MEMBER)
        share = fair_share(live)
        self.wants_more = False
        if len(mine) > share:
            extras = mine[share:]
            self.leases.release([bucket_lease(b) for b in extras])
            log.info("relay.released_buckets", relay=self.holder, buckets=extras)
            return mine[:share]
        if len(mine) < share:
            wanted = self._in_my_order(self.leases.free(BUCKET))[: share - len(mine)]
            if wanted and self.leases.take(wanted):
                mine = [bucket_from_lease(n) for n in self.leases.renew(BUCKET)]
                log.info("relay.holds_buckets", relay=self.holder, buckets=mine)
            # Below the floor of a fair share, someone is about to release buckets for us.
            self.wants_more = len(mine) < BUCKETS // max(live, 1)
        return mine

    def _in_my_order(self, names: list[str]) -> list[str]:
        """Free buckets from a point of this relay's own, so relays starting together mostly
        ask for different ones instead of all racing for bucket 0."""
        start = zlib.crc32(self.holder.encode()) % BUCKETS
        return sorted(names, key=lambda n: (bucket_from_lease(n) - start) % BUCKETS)
