"""Leases in the service's own database: a name held by one instance until it expires.

Every change is one compare-and-set statement, the same on SQLite and PostgreSQL, so two
instances racing for a name cannot both win: a lease is taken only if it is free, expired or
already ours, and renewed only while it is still ours. A holder that dies stops renewing, and
the lease moves to whoever asks next after it expired.
"""

from __future__ import annotations

import itertools
import os
import socket
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from shared.bus.tables import bus_leases
from shared.clock import Clock, utc_now

FREE = ""  # the holder of a released lease
_started = datetime.now(UTC)
_count = itertools.count(1)


def _host() -> str:
    return socket.gethostname()[:60]


def _this_process() -> str:
    return f"{_host()}:{os.getpid()}:{_started:%Y%m%dT%H%M%S}"


def instance_id() -> str:
    """host:pid:start, plus a counter so that two relays in one process (tests) differ."""
    return f"{_this_process()}:{next(_count)}"


def died_on_this_host(holder: str) -> bool:
    """Whether `holder` was an instance on this host whose process is gone (a crash, kill -9,
    or a container restarted with the same pid): its leases need not wait for their TTL."""
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != _host() or not pid_text.isdigit():
        return False
    if int(pid_text) == os.getpid():
        return not holder.startswith(_this_process() + ":")  # an earlier process, same pid
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def insert_ignoring_conflict(engine: Engine, table, rows: list[dict]):  # type: ignore[no-untyped-def]
    """INSERT ... ON CONFLICT DO NOTHING in this engine's dialect (both have it)."""
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).values(rows).on_conflict_do_nothing()


class Leases:
    def __init__(self, engine: Engine, holder: str, ttl_s: float, clock: Clock = utc_now) -> None:
        self._engine = engine
        self.holder = holder
        self._ttl = timedelta(seconds=ttl_s)
        self._clock = clock

    def ensure(self, names: Iterable[str]) -> None:
        """Create free rows for names that have none yet, so taking them is always an UPDATE."""
        rows = [
            {"name": n, "holder": FREE, "expires_at": datetime(1970, 1, 1, tzinfo=UTC)}
            for n in names
        ]
        if rows:
            with self._engine.begin() as conn:
                conn.execute(insert_ignoring_conflict(self._engine, bus_leases, rows))

    def take(self, names: list[str]) -> int:
        """Take (or renew) those of `names` that are free, expired or ours; returns how many
        are ours now. Rows another instance has locked (PostgreSQL: a relay publishing under
        that lease) are skipped, not waited for."""
        if not names:
            return 0
        now = self._clock()
        takeable = (
            select(bus_leases.c.name)
            .where(
                bus_leases.c.name.in_(names),
                or_(bus_leases.c.holder == self.holder, bus_leases.c.expires_at <= now),
            )
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        with self._engine.begin() as conn:
            taken = conn.execute(
                update(bus_leases)
                .where(bus_leases.c.name.in_(takeable))
                .values(holder=self.holder, expires_at=now + self._ttl)
            )
        return taken.rowcount

    def take_from(self, name: str, previous: str) -> bool:
        """Take `name` from a holder known to be dead, if it still holds it."""
        with self._engine.begin() as conn:
            taken = conn.execute(
                update(bus_leases)
                .where(bus_leases.c.name == name, bus_leases.c.holder == previous)
                .values(holder=self.holder, expires_at=self._clock() + self._ttl)
            )
        return taken.rowcount == 1

    def renew(self, prefix: str) -> list[str]:
        """Renew every lease under `prefix` that is still ours; returns their names."""
        now = self._clock()
        mine = (bus_leases.c.holder == self.holder, bus_leases.c.name.startswith(prefix))
        with self._engine.begin() as conn:
            conn.execute(update(bus_leases).where(*mine).values(expires_at=now + self._ttl))
            return sorted(conn.execute(select(bus_leases.c.name).where(*mine)).scalars())

    def release(self, names: list[str]) -> None:
        if not names:
            return
        with self._engine.begin() as conn:
            conn.execute(
                update(bus_leases)
                .where(bus_leases.c.name.in_(names), bus_leases.c.holder == self.holder)
                .values(holder=FREE, expires_at=self._clock())
            )

    def free(self, prefix: str) -> list[str]:
        """Names under `prefix` that nobody holds now."""
        now = self._clock()
        with self._engine.connect() as conn:
            query = select(bus_leases.c.name).where(
                bus_leases.c.name.startswith(prefix), bus_leases.c.expires_at <= now
            )
            return sorted(conn.execute(query).scalars())

    def live_holders(self, prefix: str) -> dict[str, str]:
        """Unexpired leases under `prefix`: name → holder."""
        now = self._clock()
        with self._engine.connect() as conn:
            query = select(bus_leases.c.name, bus_leases.c.holder).where(
                bus_leases.c.name.startswith(prefix), bus_leases.c.expires_at > now
            )
            return {name: holder for name, holder in conn.execute(query)}

    def count_live(self, prefix: str) -> int:
        now = self._clock()
        with self._engine.connect() as conn:
            query = select(func.count()).where(
                bus_leases.c.name.startswith(prefix), bus_leases.c.expires_at > now
            )
            return conn.execute(query).scalar_one()

    def forget_expired(self, prefix: str) -> None:
        """Delete lapsed leases under `prefix` (one per instance that ever ran, else)."""
        with self._engine.begin() as conn:
            conn.execute(
                delete(bus_leases).where(
                    bus_leases.c.name.startswith(prefix), bus_leases.c.expires_at <= self._clock()
                )
            )

    def drop(self, names: list[str]) -> None:
        """Delete our own leases of these names (an instance's membership when it stops)."""
        with self._engine.begin() as conn:
            conn.execute(
                delete(bus_leases).where(
                    bus_leases.c.name.in_(names), bus_leases.c.holder == self.holder
                )
            )
