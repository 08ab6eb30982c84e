"""Booking under contention on PostgreSQL, against a bare insert in the same run.

    .venv/bin/python bench/booking.py [--clients 12] [--requests 2000] [--capacity 5]

N client threads book places in slots of small capacity through scheduling's booking handler
(slot row lock, the capacity check, the insert, the outbox row, one transaction each); every
request is a different person, picked across the slots at random, so slots fill and later
requests are refused as full. The baseline is the same threads, each request inserting one row
into a bare table in the same database in its own transaction. Prints requests per second,
p50/p95 latency, and overbookings (more confirmed places than capacity: must be 0).

A second pass runs two instances (two processes, each with its own engine and connection pool
and --clients threads, as two web processes would) booking the same fresh slots, and prints the
second instance's gain. The last line is the one a script reads:
`booking ratio booking/bare: 0.37` (booking's rate over the bare insert's, one instance).

Needs the local PostgreSQL (deploy/local/postgres.sh, started by `make test` / up.sh). It runs
in the service layer, without HTTP, so the ratio is the price of the booking rules themselves.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select, text

from services.scheduling.adapters.orm import start_mappers
from services.scheduling.adapters.tables.sessions import bookings, slots
from services.scheduling.adapters.unit_of_work import SchedulingUnitOfWork
from services.scheduling.booking.commands import BookSlot
from services.scheduling.booking.service_layer import booking as handlers
from services.scheduling.sessions.commands import CreateSession
from services.scheduling.sessions.domain.booking import BookingRefused
from services.scheduling.sessions.domain.planning import SlotPlan
from services.scheduling.sessions.service_layer import session_admin
from shared.db import make_engine, make_session_factory
from shared.logging import configure_logging
from shared.migrations import upgrade

POSTGRES_URL = "postgresql+psycopg://chorus@127.0.0.1:5433/chorus_test"
ROUNDS = 4  # turns each of the baseline and booking take, one after the other


def fresh_schema(admin: Engine) -> tuple[str, str]:
    schema = f"bench_booking_{uuid.uuid4().hex[:8]}"
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    upgrade("services.scheduling.adapters:migrations", url)
    return schema, url


def make_slots(uows: Callable[[], SchedulingUnitOfWork], count: int, capacity: int) -> list[str]:
    starts = datetime.now(UTC) + timedelta(days=7)
    plans = tuple(
        SlotPlan(starts + timedelta(hours=2 * n), starts + timedelta(hours=2 * n + 1), capacity)
        for n in range(count)
    )
    ids = []
    for plan in plans:  # one session per slot: one person may hold one place per session
        command = CreateSession(
            str(uuid.uuid4()), "Bench", "online", None, (), "https://meet.example/b", (plan,)
        )
        with uows() as uow:
            ids.append(session_admin.create_session(command, uow).slots[0].id)
    return ids


def hammer(clients: int, requests: int, work: Callable[[int], None]) -> tuple[float, list[float]]:
    """Run `requests` calls of work(i) over `clients` threads; returns wall time, latencies."""
    latencies: list[float] = []
    lock = threading.Lock()
    counter = iter(range(requests))
    start = threading.Barrier(clients)

    def client() -> None:
        start.wait()
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            began = time.perf_counter()
            work(i)
            with lock:
                latencies.append(time.perf_counter() - began)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, latencies


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1] if len(values) > 1 else values[0]


def booker(engine: Engine, slot_ids: list[str], outcomes: dict[str, int]) -> Callable[[int], None]:
    """One booking request: a new person, a slot at random; tallies the outcome."""
    sessions = make_session_factory(engine)
    tally = threading.Lock()

    def book(i: int) -> None:
        uow = SchedulingUnitOfWork(sessions)
        try:
            handlers.book_slot(BookSlot(random.choice(slot_ids), str(uuid.uuid4())), uow)
            kind = "booked"
        except BookingRefused:
            kind = "full"
        with tally:
            outcomes[kind] += 1

    return book


def bookings_on(
    url: str, slot_ids: list[str], clients: int, requests: int
) -> tuple[float, list[float], dict[str, int]]:
    """One instance: its own engine (pool of 15: keep clients at or below) booking at random
    in slot_ids; returns wall time, latencies and outcomes."""
    configure_logging("bench", level="WARNING")
    engine = make_engine(url)
    try:
        start_mappers()
        outcomes: dict[str, int] = {"booked": 0, "full": 0}
        wall, latencies = hammer(clients, requests, booker(engine, slot_ids, outcomes))
        return wall, latencies, outcomes
    finally:
        engine.dispose()


def overbooked(engine: Engine) -> int:
    with engine.connect() as conn:
        confirmed = (
            select(bookings.c.slot_id, func.count().label("n"))
            .where(bookings.c.status == "confirmed")
            .group_by(bookings.c.slot_id)
            .subquery()
        )
        return conn.execute(
            select(func.count())
            .select_from(slots.join(confirmed, confirmed.c.slot_id == slots.c.id))
            .where(confirmed.c.n > slots.c.capacity)
        ).scalar_one()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=12)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--capacity", type=int, default=5)
    args = parser.parse_args()
    configure_logging("bench", level="WARNING")
    admin = make_engine(POSTGRES_URL)
    schema, url = fresh_schema(admin)
    engine = make_engine(url)
    try:
        start_mappers()
        sessions = make_session_factory(engine)
        uows = lambda: SchedulingUnitOfWork(sessions)  # noqa: E731
        # Enough places for about half the requests: the rest meet full slots.
        slot_count = max(args.requests // (2 * args.capacity), 1)
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE bare (id serial PRIMARY KEY, who text NOT NULL)"))

        def bare(i: int) -> None:
            with engine.begin() as conn:
                conn.execute(text("INSERT INTO bare (who) VALUES (:who)"), {"who": str(i)})

        # The baseline and booking take turns, a round each at a time, on one warm pool: the
        # disk's fsync time (one per commit, for both) drifts within a run, and each round
        # pair meets the same drift.
        slot_ids = make_slots(uows, slot_count, args.capacity)
        outcomes: dict[str, int] = {"booked": 0, "full": 0}
        book = booker(engine, slot_ids, outcomes)
        hammer(args.clients, 2 * args.clients, bare)  # every client's connection made first
        walls = {"bare insert": 0.0, "booking": 0.0}
        latencies: dict[str, list[float]] = {name: [] for name in walls}
        per_round = max(args.requests // ROUNDS, 1)
        for _ in range(ROUNDS):
            for name, work in (("bare insert", bare), ("booking", book)):
                wall, took = hammer(args.clients, per_round, work)
                walls[name] += wall
                latencies[name].extend(took)
        figures = {name: (ROUNDS * per_round / walls[name], latencies[name]) for name in walls}

        # Two instances on fresh slots: each process books half the requests.
        fresh = make_slots(uows, slot_count, args.capacity)
        half = args.requests // 2
        with multiprocessing.get_context("spawn").Pool(2) as pool:
            runs = pool.starmap(bookings_on, [(url, fresh, args.clients, half)] * 2)
        figures["booking x2"] = (
            2 * half / max(w for w, _, _ in runs),
            [x for r in runs for x in r[1]],
        )
        for _, _, theirs in runs:
            for kind, n in theirs.items():
                outcomes[kind] += n
        over = overbooked(engine)

        print(f"PostgreSQL, {args.clients} clients per instance, {args.requests} requests a run,")
        print(f"{slot_count} slots of {args.capacity} places a run (fresh slots for two instances)")
        print(f"{'':<14}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}")
        for name, (rate, latencies) in figures.items():
            p50, p95 = percentile(latencies, 50) * 1000, percentile(latencies, 95) * 1000
            print(f"{name:<14}{rate:>10.0f}{p50:>10.1f}{p95:>10.1f}")
        print(f"bookings: {outcomes['booked']} confirmed, {outcomes['full']} refused as full")
        print(f"overbooked slots: {over} (must be 0)")
        one, two = figures["booking"][0], figures["booking x2"][0]
        print(
            f"booking second instance's gain: {two / one - 1:+.0%} ({one:.0f} -> {two:.0f} req/s)"
        )
        print(f"booking ratio booking/bare: {one / figures['bare insert'][0]:.2f}")
        sys.exit(1 if over else 0)
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


if __name__ == "__main__":
    main()
