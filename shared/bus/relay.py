"""The outbox relay: publishes committed outbox rows to Kafka, in order per key.

A row is marked sent only after the broker acknowledged it (acks=all). A send that fails or is
not confirmed in time counts as not sent and is tried again, forever, with backoff. A restart
between the ack and the mark publishes a row twice; consumers' inboxes absorb that.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime

import structlog
from kafka import KafkaProducer
from kafka.errors import KafkaError
from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import OperationalError
from tenacity import Retrying, retry_if_exception_type, wait_exponential

from shared.bus.outbox import TOMBSTONE
from shared.bus.tables import outbox
from shared.metrics import RELAYED

log = structlog.get_logger("relay")


class PublishFailed(RuntimeError):
    """Some rows of a batch were not acknowledged; they stay unsent."""


class OutboxRelay:
    def __init__(
        self,
        engine: Engine,
        producer_factory: Callable[[], KafkaProducer],
        batch_size: int = 200,
        ack_timeout_s: float = 30.0,
        idle_sleep_s: float = 0.1,
    ) -> None:
        self._engine = engine
        self._producer_factory = producer_factory
        self._producer: KafkaProducer | None = None
        self._batch_size = batch_size
        self._ack_timeout_s = ack_timeout_s
        self._idle_sleep_s = idle_sleep_s

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
        while not stop.is_set():
            published = retrying(self.publish_batch)
            if published == 0:
                stop.wait(self._idle_sleep_s)
        self.close()

    def close(self) -> None:
        if self._producer is not None:
            self._producer.close(timeout=5)
            self._producer = None

    def publish_batch(self) -> int:
        """Publish up to one batch of unsent rows; returns how many were acknowledged."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(
                    outbox.c.id, outbox.c.topic, outbox.c.key, outbox.c.event_type, outbox.c.payload
                )
                .where(outbox.c.sent_at.is_(None))
                .order_by(outbox.c.id)
                .limit(self._batch_size)
            ).all()
        if not rows:
            return 0
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
        self._mark_sent(acked)
        if failed_keys:
            self._note_failure([r.id for r, _ in futures if r.key in failed_keys], first_error)
            self.close()
            raise PublishFailed(f"{len(futures) - len(acked)} rows unconfirmed: {first_error}")
        return len(acked)

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

    def _mark_sent(self, ids: list[int]) -> None:
        if not ids:
            return
        now = datetime.now(UTC)
        with self._engine.begin() as conn:
            conn.execute(update(outbox).where(outbox.c.id.in_(ids)).values(sent_at=now))
        RELAYED.inc(len(ids))
        log.debug("relay.published", count=len(ids))

    def _note_failure(self, ids: list[int], error: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(
                update(outbox)
                .where(outbox.c.id.in_(ids))
                .values(attempts=outbox.c.attempts + 1, last_error=error[:2000])
            )


def outbox_backlog(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).where(outbox.c.sent_at.is_(None))).scalar_one()
