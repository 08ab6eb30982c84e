"""Benchmark: events through Chorus's bus vs raw kafka-python, on the same broker, in one run.

Chorus path: 20,000 ~1 KB events written to an outbox table (SQLite), published by OutboxRelay
and handled by ConsumerRunner (inbox row + database commit + offset commit per event).
Raw path: the same number of the same bytes sent with a KafkaProducer (acks=all, idempotent) and
read by a KafkaConsumer committing once per poll.

    .venv/bin/python bench/bus.py [--events 20000] [--bootstrap 127.0.0.1:9092]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from kafka import KafkaAdminClient, KafkaConsumer
from kafka.admin import NewTopic
from sqlalchemy import func, insert, select

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


def chorus_path(bootstrap: str, events: list[tuple[str, bytes]]) -> float:
    topic = new_topic(bootstrap)
    engine = make_engine(f"sqlite:///{tempfile.mkdtemp()}/bench.db")
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
    sessions = make_session_factory(engine)
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
    relay = OutboxRelay(engine, lambda: make_producer(bootstrap, "bench-relay"), batch_size=500)
    stop = threading.Event()
    started = time.perf_counter()
    threads = [
        threading.Thread(target=w, args=(stop,), daemon=True) for w in (relay.run, runner.run)
    ]
    for thread in threads:
        thread.start()
    handled = 0
    while handled < len(events):
        time.sleep(0.2)
        with engine.connect() as conn:
            handled = conn.execute(select(func.count()).select_from(inbox)).scalar_one()
    elapsed = time.perf_counter() - started
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert outbox_backlog(engine) == 0
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
    producer = make_producer(bootstrap, "bench-raw")
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


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--bootstrap", default="127.0.0.1:9092")
    args = parser.parse_args()
    configure_logging("bench", level="WARNING")
    events = [payload(i) for i in range(args.events)]
    size = sum(len(raw) for _, raw in events) / len(events)
    raw_s = raw_path(args.bootstrap, events)
    chorus_s = chorus_path(args.bootstrap, events)
    raw_rate, chorus_rate = args.events / raw_s, args.events / chorus_s
    print(f"events: {args.events}, mean size {size:.0f} bytes, {PARTITIONS} partitions, acks=all")
    print(f"raw kafka-python, produce + consume: {raw_s:8.1f} s {raw_rate:8.0f} events/s")
    print(f"chorus relay + consumer runner:      {chorus_s:8.1f} s {chorus_rate:8.0f} events/s")
    print(f"ratio raw / chorus:                  {raw_rate / chorus_rate:8.1f} x")


if __name__ == "__main__":
    main()
