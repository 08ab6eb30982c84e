"""Two relays on one outbox, with the real broker: every row published once, in order per key,
and a dead relay's buckets taken over (PostgreSQL); on SQLite the second one stands by."""

from __future__ import annotations

import json
import threading
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, insert

from shared.bus import relay_share
from shared.bus.buckets import BUCKETS
from shared.bus.kafka_clients import make_producer
from shared.bus.relay import OutboxRelay, outbox_backlog
from shared.bus.tables import outbox
from tests.support import (
    captured_logs,
    create_topic,
    migrated_engine,
    migrated_postgres,
    read_topic,
    running,
    wait_until,
    without_migrations_announcements,
)

KEYS = [f"person-{n}" for n in range(40)]


class CountingProducer:
    """A real KafkaProducer that counts what this relay sent."""

    def __init__(self, bootstrap: str, sent: list[int]) -> None:
        self._producer = make_producer(bootstrap, "scale-out-test")
        self._sent = sent

    def send(self, *args: Any, **kwargs: Any) -> Any:
        self._sent[0] += 1
        return self._producer.send(*args, **kwargs)

    def flush(self, timeout: float | None = None) -> None:
        self._producer.flush(timeout=timeout)

    def close(self, timeout: float | None = None) -> None:
        self._producer.close(timeout=timeout)


def relay(engine: Engine, bootstrap: str, sent: list[int]) -> OutboxRelay:
    return OutboxRelay(
        engine,
        lambda: CountingProducer(bootstrap, sent),  # type: ignore[arg-type,return-value]
        batch_size=50,
        ack_timeout_s=10,
        idle_sleep_s=0.05,
        lease_ttl_s=3,
    )


def stage(
    engine: Engine, topic: str, wave: int, per_key: int = 3, bucketed: bool = True
) -> list[str]:
    rows = []
    for seq in range(wave * per_key, (wave + 1) * per_key):
        for key in KEYS:
            event_id = str(uuid.uuid4())
            payload = json.dumps({"id": event_id, "key": key, "seq": seq})
            rows.append(
                {
                    "event_id": event_id,
                    "topic": topic,
                    "key": key,
                    "event_type": "Test",
                    "payload": payload,
                    "created_at": datetime.now(UTC),
                    "attempts": 0,
                    # As code older than bus schema 2 writes them, during a rolling upgrade:
                    **({} if bucketed else {"bucket": None}),
                }
            )
    with engine.begin() as conn:
        conn.execute(insert(outbox), rows)  # the bucket comes from the column's default
    return [r["event_id"] for r in rows]


def assert_once_and_in_order(bootstrap: str, topic: str, staged: list[str]) -> None:
    records = read_topic(bootstrap, topic)
    published = [json.loads(r.value) for r in sorted(records, key=lambda r: r.offset)]
    ids = [p["id"] for p in published]
    assert len(ids) == len(set(ids)), "a row was published twice"
    assert set(ids) == set(staged), f"{len(set(staged) - set(ids))} rows never published"
    by_key: dict[str, list[int]] = defaultdict(list)
    for p in published:
        by_key[p["key"]].append(p["seq"])
    for key, seqs in by_key.items():
        assert seqs == sorted(seqs), f"{key} out of order: {seqs}"


@pytest.fixture
def postgres() -> Iterator[Engine]:
    with migrated_postgres("recruitment") as engine:
        yield without_migrations_announcements(engine)


def test_two_relays_publish_every_row_once_in_order_per_key(
    postgres: Engine, bootstrap: str
) -> None:
    topic = create_topic(bootstrap, partitions=4)
    sent_a, sent_b = [0], [0]
    a, b = relay(postgres, bootstrap, sent_a), relay(postgres, bootstrap, sent_b)
    staged: list[str] = []
    with running(a.run), running(b.run):
        for wave in range(8):  # written while both run and hand buckets over as b joins
            staged += stage(postgres, topic, wave, bucketed=wave != 3)
            threading.Event().wait(0.3)
        wait_until(lambda: outbox_backlog(postgres) == 0, timeout=60, what="both relays")
        held = [set(a.share.held()), set(b.share.held())]
    assert held[0] | held[1] == set(range(BUCKETS)) and not held[0] & held[1]
    assert sent_a[0] > 0 and sent_b[0] > 0, (sent_a, sent_b)
    assert sent_a[0] + sent_b[0] == len(staged)  # nothing sent twice, even in hand-overs
    assert_once_and_in_order(bootstrap, topic, staged)


def test_a_dead_relays_buckets_move_to_the_other_and_nothing_is_lost(
    postgres: Engine, bootstrap: str
) -> None:
    topic = create_topic(bootstrap, partitions=4)
    sent_a, sent_b = [0], [0]
    a, b = relay(postgres, bootstrap, sent_a), relay(postgres, bootstrap, sent_b)
    with running(b.run):
        with running(a.run):
            wait_until(lambda: len(a.share.held()) == len(b.share.held()) == 16, what="a split")
            staged = stage(postgres, topic, 0)
            wait_until(lambda: outbox_backlog(postgres) == 0, what="both relays")
            a.share.stop = lambda: None  # type: ignore[method-assign]  # dies: no hand-back
        # a's thread has ended; its 16 leases live on until their TTL.
        staged += stage(postgres, topic, 1)  # rows in a's buckets too
        wait_until(lambda: outbox_backlog(postgres) == 0, timeout=30, what="b to take over")
        assert len(b.share.held()) == BUCKETS
    assert_once_and_in_order(bootstrap, topic, staged)


def test_a_second_relay_on_sqlite_stands_by_until_the_first_stops(
    tmp_path: Path, bootstrap: str
) -> None:
    engine = without_migrations_announcements(migrated_engine("recruitment", tmp_path))
    topic = create_topic(bootstrap)
    sent_first, sent_second = [0], [0]
    first = relay(engine, bootstrap, sent_first)
    second = relay(engine, bootstrap, sent_second)
    staged: list[str] = []
    with ExitStack() as stack:
        stop_first = stack.enter_context(running(first.run))
        wait_until(lambda: first.share.held(), what="the first relay to start")
        with captured_logs(relay_share) as logs:
            stack.enter_context(running(second.run))
            staged += stage(engine, topic, 0)
            wait_until(lambda: outbox_backlog(engine) == 0, what="the first relay")
            # The second's first look may come after the first relay drained the outbox.
            wait_until(
                lambda: any(e["event"] == "relay.standing_by" for e in logs),
                what="the second to say it stands by",
            )
        assert sent_second[0] == 0 and second.share.held() == []
        warned = [e["message"] for e in logs if e["event"] == "relay.standing_by"]
        assert warned == [
            f"SQLite is single-instance: relay {first.share.holder} is already running; "
            "this one stands by"
        ]
        stop_first.set()  # a clean stop hands the lease back: the second takes over
        wait_until(lambda: second.share.held(), timeout=10, what="the second to take over")
        staged += stage(engine, topic, 1)
        wait_until(lambda: outbox_backlog(engine) == 0, what="the second relay")
    assert sent_second[0] > 0
    assert_once_and_in_order(bootstrap, topic, staged)


def test_relays_coming_and_going_keep_every_row_once_and_in_order(
    postgres: Engine, bootstrap: str
) -> None:
    topic = create_topic(bootstrap, partitions=4)
    sent = [[0] for _ in range(4)]
    a = relay(postgres, bootstrap, sent[0])
    staged: list[str] = []
    waves = iter(range(100))  # seq numbers rise in the order rows are written
    with running(a.run):
        for round_ in range(3):  # buckets handed over each time one joins or leaves
            joining = [relay(postgres, bootstrap, sent[1 + round_ % 3])]
            with ExitStack() as others:
                for other in joining:
                    others.enter_context(running(other.run))
                for _ in range(4):
                    staged += stage(postgres, topic, next(waves), per_key=2)
                    threading.Event().wait(0.4)
            staged += stage(postgres, topic, next(waves), per_key=2)  # as it has left
        wait_until(lambda: outbox_backlog(postgres) == 0, timeout=60, what="the relays")
        assert len(a.share.held()) == BUCKETS
    assert all(s[0] > 0 for s in sent[1:]), sent  # each newcomer got buckets and published
    assert sum(s[0] for s in sent) == len(staged)
    assert_once_and_in_order(bootstrap, topic, staged)
