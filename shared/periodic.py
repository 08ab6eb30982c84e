"""Work that runs now and then from a poll loop, without a thread of its own.

`every` runs work on each instance that calls it: right for an instance's own chores (its
dispatcher's sending, renewing its own lease). `once_across_instances` runs a named job once
per interval across all the instances of a service that share its database: whoever moves the
job's next_run_at on, in one compare-and-set UPDATE, runs it; the others wait for the next.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import Engine, select, update

from shared.bus.leases import insert_ignoring_conflict, instance_id
from shared.bus.tables import bus_schedule
from shared.clock import Clock, utc_now

Work = Callable[[], object]
# A factory of idle-loop tasks: (job name, interval in seconds, work) -> the task.
Schedule = Callable[[str, float, Work], Callable[[], None]]


def every(seconds: float, work: Work) -> Callable[[], None]:
    """Run work at most once per interval when called from the consumer's poll loop."""
    last = [0.0]

    def maybe_run() -> None:
        if time.monotonic() - last[0] >= seconds:
            last[0] = time.monotonic()
            work()

    return maybe_run


def on_each_instance(_name: str, seconds: float, work: Work) -> Callable[[], None]:
    """The Schedule of one instance alone (tests, helpers with no database of their own)."""
    return every(seconds, work)


def once_across_instances(
    engine: Engine,
    holder: str | None = None,
    clock: Clock = utc_now,
    monotonic: Callable[[], float] = time.monotonic,
) -> Schedule:
    """The Schedule whose jobs run once per interval across every instance on `engine`."""
    holder = holder or instance_id()

    def schedule(name: str, seconds: float, work: Work) -> Callable[[], None]:
        claim = JobClaim(engine, name, timedelta(seconds=seconds), holder, clock)
        next_ask = [0.0]

        def maybe_run() -> None:
            if monotonic() < next_ask[0]:
                return
            won, wait_s = claim.take()
            # Ask again when the job is next due (a write on SQLite: not on every poll).
            next_ask[0] = monotonic() + min(max(wait_s, 0.0), seconds)
            if won:
                work()

        return maybe_run

    return schedule


class JobClaim:
    def __init__(
        self, engine: Engine, name: str, interval: timedelta, holder: str, clock: Clock
    ) -> None:
        self._engine, self.name, self._interval = engine, name, interval
        self._holder, self._clock = holder, clock

    def take(self) -> tuple[bool, float]:
        """Whether this caller runs the job now (it moved next_run_at on, or made the row),
        and in how many seconds the job is next due."""
        now = self._clock()
        due = (bus_schedule.c.name == self.name, bus_schedule.c.next_run_at <= now)
        moved_on = {"next_run_at": now + self._interval, "ran_by": self._holder}
        interval_s = self._interval.total_seconds()
        with self._engine.begin() as conn:
            if conn.execute(update(bus_schedule).where(*due).values(moved_on)).rowcount:
                return True, interval_s
            next_run = select(bus_schedule.c.next_run_at).where(bus_schedule.c.name == self.name)
            next_run_at = conn.execute(next_run).scalar_one_or_none()
            if next_run_at is not None:
                return False, (next_run_at - now).total_seconds()
            row = {"name": self.name, **moved_on}
            first = insert_ignoring_conflict(self._engine, bus_schedule, [row])
            return bool(conn.execute(first).rowcount), interval_s
