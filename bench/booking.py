"""Booking under contention on PostgreSQL, against a bare insert in the same run.

    .venv/bin/python bench/booking.py [--clients 12] [--requests 2000] [--capacity 5]

N client threads book places in slots of small capacity through scheduling's booking handler
(slot row lock, the capacity check, the insert, the outbox row, one transaction each); every
request is a different person, picked across the slots at random, so slots fill and later
requests are refused as full. The baseline is the same threads, each request inserting one row
into a bare table in the same database in its own transaction. Prints requests per second,
p50/p95 latency, and overbookings (more confirmed places than capacity: must be 0).

Needs the local PostgreSQL (deploy/local/postgres.sh, started by `make test` / up.sh). It runs
in the service layer, without HTTP, so the ratio is the price of the booking rules themselves.
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=12)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--capacity", type=int, default=5)
    args = parser.parse_args()
    configure_logging("bench", level="WARNING")
    admin = make_engine(POSTGRES_URL)
    schema, url = fresh_schema(admin)
    engine = make_engine(url)  # its pool holds 15 connections: keep --clients at or below
    try:
        start_mappers()
        sessions = make_session_factory(engine)
        uows = lambda: SchedulingUnitOfWork(sessions)  # noqa: E731
        # Enough places for about half the requests: the rest meet full slots.
        slot_ids = make_slots(uows, max(args.requests // (2 * args.capacity), 1), args.capacity)
        outcomes: dict[str, int] = {"booked": 0, "full": 0}
        tally = threading.Lock()

        def book(i: int) -> None:
            try:
                handlers.book_slot(BookSlot(random.choice(slot_ids), str(uuid.uuid4())), uows())
                kind = "booked"
            except BookingRefused:
                kind = "full"
            with tally:
                outcomes[kind] += 1

        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE bare (id serial PRIMARY KEY, who text NOT NULL)"))

        def bare(i: int) -> None:
            with engine.begin() as conn:
                conn.execute(text("INSERT INTO bare (who) VALUES (:who)"), {"who": str(i)})

        figures = {}
        for name, work in (("bare insert", bare), ("booking", book)):
            wall, latencies = hammer(args.clients, args.requests, work)
            rate = args.requests / wall
            figures[name] = (rate, percentile(latencies, 50), percentile(latencies, 95))

        with engine.connect() as conn:
            confirmed = (
                select(bookings.c.slot_id, func.count().label("n"))
                .where(bookings.c.status == "confirmed")
                .group_by(bookings.c.slot_id)
                .subquery()
            )
            over = conn.execute(
                select(func.count())
                .select_from(slots.join(confirmed, confirmed.c.slot_id == slots.c.id))
                .where(confirmed.c.n > slots.c.capacity)
            ).scalar_one()
        print(f"PostgreSQL, {args.clients} clients, {args.requests} requests in each run,")
        print(f"{len(slot_ids)} slots of {args.capacity} places")
        print(f"{'':<14}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}")
        for name, (rate, p50, p95) in figures.items():
            print(f"{name:<14}{rate:>10.0f}{p50 * 1000:>10.1f}{p95 * 1000:>10.1f}")
        ratio = figures["bare insert"][0] / figures["booking"][0]
        print(f"booking costs {ratio:.1f}x a bare insert per request")
        print(f"bookings: {outcomes['booked']} confirmed, {outcomes['full']} refused as full")
        print(f"overbooked slots: {over} (must be 0)")
        sys.exit(1 if over else 0)
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


if __name__ == "__main__":
    main()
