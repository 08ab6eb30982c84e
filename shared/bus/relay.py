"""The outbox relay: publishes committed outbox rows to Kafka, in order per key.

A row is marked sent only after the broker acknowledged it (acks=all). A send that fails or is
not confirmed in time counts as not sent and is tried again, forever, with backoff. A restart
between the ack and the mark publishes a row twice; consumers' inboxes absorb that.

Several relays share one outbox by buckets of keys (shared/bus/relay_share.py): each publishes
only the rows of buckets it holds a lease on. On PostgreSQL a batch is one transaction that
first locks its leases' rows (FOR UPDATE SKIP LOCKED: a bucket another relay is publishing is
skipped) and rechecks that they are still ours, so a lease cannot move while a batch under it
is in flight, and the next holder starts after the last row this one marked sent.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

import structlog
from kafka import KafkaProducer
from kafka.errors import KafkaError
from sqlalchemy import Connection, Engine, Select, func, select, update
from sqlalchemy.exc import OperationalError
from tenacity import Retrying, retry_if_exception_type, wait_exponential

from shared.bus.buckets import bucket_lease
from shared.bus.leases import instance_id
from shared.bus.outbox import TOMBSTONE
from shared.bus.relay_claims import file_unbucketed, lock_held_buckets
from shared.bus.relay_share import RelayShare
from shared.bus.tables import outbox
from shared.metrics import RELAYED

log = structlog.get_logger("relay")


class PublishFailed(RuntimeError):
    """Some rows of a batch were not acknowledged; they stay unsent."""


class Outcome:
    """What the broker said about one batch."""

    def __init__(self, acked: list[int], failed: list[int], error: str) -> None:
        self.acked, self.failed, self.error = acked, failed, error


class OutboxRelay:
    def __init__(
        self,
        engine: Engine,
        producer_factory: Callable[[], KafkaProducer],
        batch_size: int = 500,  # as a consumer's poll (kafka_clients.MAX_POLL_RECORDS)
        ack_timeout_s: float = 30.0,
        idle_sleep_s: float = 0.1,
        instance: str | None = None,
        lease_ttl_s: float = 10.0,
    ) -> None:
        self._engine = engine
        self._producer_factory = producer_factory
        self._producer: KafkaProducer | None = None
        self._batch_size = batch_size
        self._ack_timeout_s = ack_timeout_s
        self._idle_sleep_s = idle_sleep_s
        self.share = RelayShare(engine, instance or instance_id(), lease_ttl_s)
        # Renew well inside the TTL; on PostgreSQL often enough that a relay joining gets its
        # share within a second or two (on SQLite each renewal is a write beside the web's).
        self._rebalance_every_s = lease_ttl_s / 3 if self.share.solo else min(lease_ttl_s / 3, 1)
        self._next_rebalance = 0.0

    def run(self, stop: threading.Event) -> None:
        retrying = Retrying(
            # OperationalError: the database is briefly locked or away; wait like for the broker.
            retry=retry_if_exception_type((KafkaError, PublishFailed, OSError, OperationalError)),
            wait=wait_exponential(multiplier=0.2, max=10),
            before_sleep=lambda state: log.warning(
                "relay.retrying", error=str(state.outcome.exception()), attempt=state.attempt_number
            ),
            sleep=stop.wait,
        )
        mode = "single instance (SQLite)" if self.share.solo else "shared by buckets"
        log.info("relay.starting", relay=self.share.holder, mode=mode)
        try:
            while not stop.is_set():
                published = retrying(self.publish_batch)
                if published == 0:
                    stop.wait(self._idle_sleep_s)
        finally:
            self.close()
            try:
                self.share.stop()
            except OperationalError:
                log.warning("relay.leases_not_released", relay=self.share.holder)

    def close(self) -> None:
        if self._producer is not None:
            self._producer.close(timeout=5)
            self._producer = None

    def publish_batch(self) -> int:
        """Publish up to one batch of unsent rows of this relay's buckets; returns how many
        were acknowledged."""
        if time.monotonic() >= self._next_rebalance:
            self.share.rebalance()
            if not self.share.solo:
                # Only a rolling upgrade's older code writes rows without a bucket: filing them
                # at each rebalance (every second), not before every batch, keeps them moving.
                file_unbucketed(self._engine)
            # A relay that just joined asks again soon for the buckets others are releasing.
            wait_s = min(0.2, self._rebalance_every_s) if self.share.wants_more else None
            self._next_rebalance = time.monotonic() + (wait_s or self._rebalance_every_s)
        buckets = self.share.held()
        if not buckets:
            return 0
        if self.share.solo:
            with self._engine.connect() as conn:
                rows = conn.execute(self._unsent()).all()
            outcome = self._send(rows)
            with self._engine.begin() as conn:
                self._record(conn, outcome)
        else:
            with self._engine.begin() as conn:
                locked = lock_held_buckets(conn, self.share.holder, map(bucket_lease, buckets))
                if not locked:
                    return 0
                rows = conn.execute(
                    self._unsent().where(outbox.c.bucket.in_(locked)).with_for_update()
                ).all()
                outcome = self._send(rows)
                self._record(conn, outcome)
        if outcome.acked:  # counted once committed
            RELAYED.inc(len(outcome.acked))
            log.debug("relay.published", count=len(outcome.acked))
        if outcome.failed:
            self.close()
            unconfirmed = len(outcome.failed)
            raise PublishFailed(f"{unconfirmed} rows unconfirmed: {outcome.error}")
        return len(outcome.acked)

    def _unsent(self) -> Select:  # type: ignore[type-arg]
        columns = (outbox.c.id, outbox.c.topic, outbox.c.key, outbox.c.event_type)
        return (
            select(*columns, outbox.c.payload)
            .where(outbox.c.sent_at.is_(None))
            .order_by(outbox.c.id)
            .limit(self._batch_size)
        )

    def _send(self, rows: list) -> Outcome:  # type: ignore[type-arg]
        if not rows:
            return Outcome([], [], "")
        try:
            producer = self._producer or self._producer_factory()
            self._producer = producer
            futures = [
                (
                    row,
                    producer.send(
                        row.topic,
                        key=row.key.encode(),
                        # A tombstone is a null value, so compaction forgets the key.
                        value=None if row.event_type == TOMBSTONE else row.payload.encode(),
                        headers=[("event_type", row.event_type.encode())],
                    ),
                )
                for row in rows
            ]
            producer.flush(timeout=self._ack_timeout_s)
        except KafkaError:
            self.close()  # a fresh producer after an outage avoids a wedged sequence state
            raise
        acked, failed_keys, first_error = self._acknowledged(futures)
        failed = [r.id for r, _ in futures if r.key in failed_keys]
        return Outcome(acked, failed, first_error)

    @staticmethod
    def _acknowledged(futures: list) -> tuple[list[int], set[str], str]:  # type: ignore[type-arg]
        acked: list[int] = []
        failed_keys: set[str] = set()
        first_error = ""
        for row, future in futures:
            # Once a key has a failed row, its later rows wait too, so order per key holds.
            if row.key in failed_keys:
                continue
            if future.succeeded():
                acked.append(row.id)
                continue
            failed_keys.add(row.key)
            first_error = first_error or repr(future.exception or "not confirmed in time")
        return acked, failed_keys, first_error

    @staticmethod
    def _record(conn: Connection, outcome: Outcome) -> None:
        """The whole batch marked sent in one statement (and its failures counted)."""
        if outcome.acked:
            now = datetime.now(UTC)
            conn.execute(update(outbox).where(outbox.c.id.in_(outcome.acked)).values(sent_at=now))
        if outcome.failed:
            conn.execute(
                update(outbox)
                .where(outbox.c.id.in_(outcome.failed))
                .values(attempts=outbox.c.attempts + 1, last_error=outcome.error[:2000])
            )


def outbox_backlog(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).where(outbox.c.sent_at.is_(None))).scalar_one()
