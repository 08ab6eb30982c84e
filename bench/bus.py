"""Benchmark: events through Chorus's bus vs raw kafka-python, on the same broker, in one run.

Chorus path: 20,000 ~1 KB events written to an outbox table, published by OutboxRelay and
handled by ConsumerRunner (inbox row + database commit per partition batch, a savepoint per
event, then the offset commit), each in a process of its own as `make run` runs them. Each path's
clock starts once its clients are built (for Chorus: its processes have imported and are ready).
Raw path: the same number of the same bytes sent with a KafkaProducer made as the relay's
(acks=all, idempotent, the same linger and batch size) and read by a KafkaConsumer committing
once per poll.

Passes: raw; Chorus on SQLite (the embedded default: the ratio); Chorus on PostgreSQL
(tests/support.py POSTGRES_URL, a schema of its own) with one instance, then two relays and two
consumers in one group: the second instance's gain. The last line is the ratio.

    .venv/bin/python bench/bus.py [--events 20000] [--bootstrap 127.0.0.1:9092]
"""

from __future__ import annotations

import argparse
import inspect
import json
import multiprocessing
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kafka import KafkaAdminClient, KafkaConsumer
from kafka.admin import NewTopic
from sqlalchemy import func, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shared.bus.consumer import ConsumerRunner, Subscription
from shared.bus.kafka_clients import make_consumer, make_producer
from shared.bus.relay import OutboxRelay, outbox_backlog
from shared.bus.tables import bus_metadata, inbox, outbox
from shared.bus.unit_of_work import SqlAlchemyUnitOfWork
from shared.db import make_engine, make_session_factory
from shared.events.envelope import Envelope, encode
from shared.logging import configure_logging

PARTITIONS = 3
# Until relays share an outbox by leases on key buckets, a second relay would publish every row
# again (the inbox would absorb it, but it is not the scale-out being measured).
RELAYS_SHARE = "instance" in inspect.signature(OutboxRelay).parameters


def payload(i: int) -> tuple[str, bytes]:
    """A real ParticipantSignedUp envelope padded to about 1 KB (consumers drop the padding)."""
    pid = str(uuid.uuid4())
    data = {
        "participant_id": pid,
        "sign_up_channel": "web",
        "preferred_channel": "sms",
        "language": "en",
        "signed_up_at": datetime.now(UTC).isoformat(),
        "padding": "x" * 620,
    }
    env = Envelope("ParticipantSignedUp", 1, "bench", pid, data, correlation_id=f"bench-{i}")
    return pid, encode(env)


def new_topic(bootstrap: str) -> str:
    name = f"bench.{uuid.uuid4().hex[:10]}"
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    admin.create_topics([NewTopic(name, PARTITIONS, 1), NewTopic(f"{name}.dlq", 1, 1)])
    admin.close()
    return name


def run_relay(url: str, bootstrap: str, stop: Any, ready: Any) -> None:
    configure_logging("bench", level="WARNING")
    engine = make_engine(url)
    # As shared.processes makes a service's relay: its default batch and producer settings.
    relay = OutboxRelay(engine, lambda: make_producer(bootstrap, "bench-relay", flushes=True))
    ready.wait()
    relay.run(stop)


def run_consumer(url: str, bootstrap: str, topic: str, stop: Any, ready: Any) -> None:
    configure_logging("bench", level="WARNING")
    sessions = make_session_factory(make_engine(url))
    sub = Subscription(
        group=f"{topic}-group",
        topics=[topic],
        handlers={"ParticipantSignedUp": lambda e, d, u: None},
    )
    runner = ConsumerRunner(
        sub,
        lambda: SqlAlchemyUnitOfWork(sessions, "bench", mapper=lambda event: ()),
        consumer_factory=lambda: make_consumer(bootstrap, sub.group, sub.topics),
        producer_factory=lambda: make_producer(bootstrap, "bench-dlq"),
    )
    ready.wait()
    runner.run(stop)


def chorus_path(
    url: str, bootstrap: str, events: list[tuple[str, bytes]], relays: int, consumers: int
) -> float:
    topic = new_topic(bootstrap)
    engine = make_engine(url)
    bus_metadata.create_all(engine)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(outbox),
            [
                {
                    "event_id": json.loads(raw)["id"],
                    "topic": topic,
                    "key": key,
                    "event_type": "ParticipantSignedUp",
                    "payload": raw.decode(),
                    "created_at": now,
                    "attempts": 0,
                }
                for key, raw in events
            ],
        )
    spawn = multiprocessing.get_context("spawn")  # no threads or sockets inherited
    stop = spawn.Event()
    # The clock starts once every process has imported and built its parts, as the raw path's
    # clients are made before its clock starts; connecting and joining the group are timed.
    ready = spawn.Barrier(relays + consumers + 1)
    workers = [
        *(
            spawn.Process(target=run_relay, args=(url, bootstrap, stop, ready))
            for _ in range(relays)
        ),
        *(
            spawn.Process(target=run_consumer, args=(url, bootstrap, topic, stop, ready))
            for _ in range(consumers)
        ),
    ]
    for worker in workers:
        worker.start()
    ready.wait(timeout=120)
    started = time.perf_counter()
    handled = 0
    while handled < len(events):
        time.sleep(0.1)
        with engine.connect() as conn:
            handled = conn.execute(select(func.count()).select_from(inbox)).scalar_one()
    elapsed = time.perf_counter() - started
    stop.set()
    for worker in workers:
        worker.join(timeout=30)
    assert outbox_backlog(engine) == 0
    engine.dispose()
    return elapsed


def raw_path(bootstrap: str, events: list[tuple[str, bytes]]) -> float:
    topic = new_topic(bootstrap)
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"{topic}-group",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=500,
    )
    producer = make_producer(bootstrap, "bench-raw", flushes=True)  # the relay's settings
    started = time.perf_counter()
    for key, raw in events:
        producer.send(topic, key=key.encode(), value=raw)
    producer.flush()
    seen = 0
    while seen < len(events):
        batches = consumer.poll(timeout_ms=500)
        seen += sum(len(records) for records in batches.values())
        if batches:
            consumer.commit()
    elapsed = time.perf_counter() - started
    producer.close()
    consumer.close()
    return elapsed


@contextmanager
def postgres_schemas() -> Iterator[Callable[[], str]]:
    """A fresh schema per pass on the shared server, dropped afterwards."""
    from tests.support import POSTGRES_URL

    admin, made = make_engine(POSTGRES_URL), []

    def fresh() -> str:
        made.append(f"bench_bus_{uuid.uuid4().hex[:8]}")
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {made[-1]}"))
        return f"{POSTGRES_URL}?options=-csearch_path%3D{made[-1]}"

    try:
        yield fresh
    finally:
        with admin.begin() as conn:
            for schema in made:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--bootstrap", default="127.0.0.1:9092")
    args = parser.parse_args()
    configure_logging("bench", level="WARNING")
    n, boot = args.events, args.bootstrap
    events = [payload(i) for i in range(n)]
    size = sum(len(raw) for _, raw in events) / len(events)
    raw_rate = n / raw_path(boot, events)
    sqlite_url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    chorus_rate = n / chorus_path(sqlite_url, boot, events, relays=1, consumers=1)
    relays = 2 if RELAYS_SHARE else 1
    with postgres_schemas() as fresh:
        one_rate = n / chorus_path(fresh(), boot, events, relays=1, consumers=1)
        two_rate = n / chorus_path(fresh(), boot, events, relays=relays, consumers=2)
    print(f"events: {n}, mean size {size:.0f} bytes, {PARTITIONS} partitions, acks=all")
    print(f"raw kafka-python, produce + consume:       {raw_rate:8.0f} events/s")
    print(f"chorus relay + consumer, SQLite:           {chorus_rate:8.0f} events/s")
    print(f"chorus 1 relay + 1 consumer, PostgreSQL:   {one_rate:8.0f} events/s")
    print(f"chorus {relays} relays + 2 consumers, PostgreSQL: {two_rate:8.0f} events/s")
    print(f"bus second instance gain: {two_rate / one_rate:.2f}x")
    print(f"bus ratio chorus/raw: {chorus_rate / raw_rate:.2f}")


if __name__ == "__main__":
    main()
