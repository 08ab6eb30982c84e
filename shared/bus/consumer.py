"""The consumer runner: validate, handle once, then commit the offset.

For each record: decode the envelope and its data in our own code; run the handler with an inbox
row in the same database transaction (a duplicate fails on the inbox's primary key and is
skipped); only after the database commit, commit the Kafka offset. A handler that keeps failing
on its own merits after bounded retries, or a message that cannot be valid, goes to
`<topic>.dlq` with the reason, and the partition moves on. A passing outage (shared.bus.transient:
the database locked or away, the DLQ unwritable) dead-letters nothing: the partition is paused at
that record and retried with backoff for as long as it takes (shared.bus.stuck), while the
consumer keeps polling its other partitions and so stays in the group.

A partition's poll batch is handled in one database transaction (shared.bus.batch) and
committed once, then its offset. It is tried first all or none, without savepoints (the usual
case: nothing fails, nothing is a duplicate); if anything fails, none of that try is kept and
the batch is handled again with each record in its own SAVEPOINT. That way stops at the first record
that fails in any way (undecodable, its handler raising, the database away): the records before
it are committed, and that record is tried again alone, the one-record-one-transaction way above
(retries, dead letter, or the partition paused there); then a new batch goes on after it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import structlog
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord
from kafka.errors import KafkaError
from kafka.structs import OffsetAndMetadata
from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from shared.bus.batch import Batch, supports_batches
from shared.bus.stuck import StuckPartitions
from shared.bus.tables import inbox
from shared.bus.topics import dead_letter
from shared.bus.transient import is_transient
from shared.events.envelope import Envelope, MalformedEnvelope, decode
from shared.events.registry import UnknownEvent, load_data
from shared.logging import bind_contextvars, clear_contextvars
from shared.metrics import DEAD_LETTERED

log = structlog.get_logger("consumer")

# handler(envelope, data loaded with the event's schema, unit of work)
Handler = Callable[[Envelope, dict[str, Any], Any], None]
# tombstone handler(key, unit of work): a null value on a compacted topic means "forget"
TombstoneHandler = Callable[[str, Any], None]


@dataclass
class Subscription:
    group: str
    handlers: dict[str, Handler]
    topics: list[str]
    tombstones: dict[str, TombstoneHandler] = field(default_factory=dict)


class Poisoned(Exception):
    """The message can never be handled; it goes to the dead-letter topic."""


class ConsumerRunner:
    def __init__(
        self,
        subscription: Subscription,
        uow_factory: Callable[[], Any],
        consumer_factory: Callable[[], KafkaConsumer],
        producer_factory: Callable[[], KafkaProducer],
        max_attempts: int = 5,
        retry_wait_max_s: float = 5.0,
        on_idle: Callable[[], None] | None = None,
    ) -> None:
        self.sub = subscription
        self._uow_factory = uow_factory
        self._consumer_factory = consumer_factory
        self._producer_factory = producer_factory
        self._producer: KafkaProducer | None = None
        self._max_attempts = max_attempts
        self._retry_wait_max_s = retry_wait_max_s
        self._on_idle = on_idle
        self.stuck = StuckPartitions(subscription.group)
        self._batches: bool | None = None  # whether the units of work can join a batch

    def run(self, stop: threading.Event) -> None:
        consumer = self._consumer_factory()
        try:
            while not stop.is_set():
                self.stuck.resume_due(consumer)
                batches = consumer.poll(timeout_ms=500)
                for tp, records in batches.items():
                    self._process_partition(consumer, tp, records)
                if self._on_idle is not None:
                    self._run_idle_work()
        finally:
            consumer.close(autocommit=False)
            if self._producer is not None:
                self._producer.close(timeout=5)

    def _run_idle_work(self) -> None:
        # Idle work (e.g. sending due messages) must never stop the consumer from consuming.
        clear_contextvars()
        bind_contextvars(service=self.sub.group)
        try:
            self._on_idle()  # type: ignore[misc]
        except Exception:
            log.exception("consumer.idle_work_failed")

    def _process_partition(
        self,
        consumer: KafkaConsumer,
        tp: TopicPartition,
        records: list[ConsumerRecord],
    ) -> None:
        # One offset commit per partition batch (at most max_poll_records): a crash before it
        # redelivers at most that batch, and the inbox makes the redelivery harmless.
        position = 0  # records[:position] are handled and committed to the database
        while position < len(records):
            try:
                position += self._handle_batch(records[position:])
                if position < len(records):
                    self.process(records[position])  # the record the batch stopped at, alone
                    position += 1
            except Exception as exc:
                # Not handled and not dead-lettered (the database or the DLQ was away): pause
                # here, so nothing after it is handled first, and try it again later.
                self.stuck.stuck(consumer, tp, records[position].offset, exc)
                break
            self.stuck.unstuck(tp)
        if position > 0:
            try:
                self.commit_offset(consumer, tp, records[position - 1].offset + 1)
            except KafkaError as exc:
                # e.g. a rebalance took the partition away: whoever gets it redelivers from the
                # last committed offset, and the inbox absorbs what was already handled.
                log.warning("consumer.offset_commit_failed", topic=tp.topic, error=repr(exc))

    def _handle_batch(self, records: list[ConsumerRecord]) -> int:
        """Handle the longest run of records that succeed at the first try, in one transaction,
        and commit it; returns how many. Raises only if the commit failed for a passing reason
        (then none of them is handled)."""
        if self._batches is None:
            self._batches = supports_batches(self._uow_factory)
        if not self._batches:
            return 0
        if len(records) > 1 and self._handle_all_or_none(records):
            return len(records)
        batch, handled = Batch(self._uow_factory), 0
        try:
            for record in records:
                if not self._try_in_batch(record, batch):
                    break
                handled += 1
            batch.commit()
        except Exception as exc:
            if is_transient(exc):
                raise
            # e.g. a constraint checked at commit: each record on its own finds which one.
            log.warning("consumer.batch_commit_failed", error=repr(exc))
            return 0
        finally:
            batch.close()
        return handled

    def _handle_all_or_none(self, records: list[ConsumerRecord]) -> bool:
        """The usual batch, in which nothing fails and nothing was seen before: every record
        in one transaction without savepoints, committed; True if so. At the first failure or
        duplicate, nothing of it is kept (False), and the savepoint way takes the batch."""
        # Decoded first, outside the transaction: on SQLite the batch holds the one write lock
        # from its first handler to its commit, and the relay waits for it to mark what it sent.
        try:
            decoded = [None if r.value is None else self._decode(r, bind=False) for r in records]
        except Exception:
            return False  # the savepoint way finds the record and deals with it
        batch = Batch(self._uow_factory, savepoints=False)
        handled: list[dict[str, Any]] = []  # inbox rows, written together: a duplicate fails all
        try:
            for record, ready in zip(records, decoded, strict=True):
                if not self._try_in_batch(record, batch, handled, ready) or not batch.intact():
                    return False
            if handled:
                batch.execute(inbox.insert(), handled)
            batch.commit()
        except Exception as exc:
            if is_transient(exc):
                raise
            return False
        finally:
            batch.close()
        return True

    def _try_in_batch(
        self,
        record: ConsumerRecord,
        batch: Batch,
        handled: list[dict[str, Any]] | None = None,
        decoded: tuple[Envelope, dict[str, Any]] | None = None,
    ) -> bool:
        """Handle (or skip) the record in its own savepoint; False, rolled back, if it failed.
        `handled`: all or none; the record's inbox row is added there, for the caller to write.
        `decoded`: the record's envelope and data, if the caller decoded it already."""
        quietly = handled is not None
        self._bind_service()
        try:
            if record.value is None:
                key = record.key.decode(errors="replace") if record.key is not None else ""
                self._run_tombstone(record.topic, key, batch.unit_of_work)
                return True
            envelope, data = decoded or self._decode(record)
            if decoded is not None:
                self._bind_event(envelope)
            handler = self.sub.handlers.get(envelope.type)
            if handler is not None:
                self._run_handler(handler, envelope, data, batch.unit_of_work, handled)
        except Exception as exc:
            if not quietly:
                log.info("consumer.retrying_alone", offset=record.offset, error=repr(exc))
            return False
        return True

    def commit_offset(self, consumer: KafkaConsumer, tp: TopicPartition, next_offset: int) -> None:
        consumer.commit({tp: OffsetAndMetadata(next_offset, "", -1)})

    def process(self, record: ConsumerRecord) -> None:
        """Handle one record, skip it, or dead-letter it. Raises only if none of these stuck."""
        self._bind_service()
        key = record.key.decode(errors="replace") if record.key is not None else ""
        if record.value is None:
            self._with_retries(
                record, lambda: self._run_tombstone(record.topic, key, self._uow_factory)
            )
            return
        try:
            envelope, data = self._decode(record)
        except Poisoned as exc:
            self.dead_letter(record, str(exc))
            return
        handler = self.sub.handlers.get(envelope.type)
        if handler is None:
            return  # a known event this consumer does not act on
        self._with_retries(
            record, lambda: self._run_handler(handler, envelope, data, self._uow_factory)
        )

    def _bind_service(self) -> None:
        clear_contextvars()
        bind_contextvars(service=self.sub.group)

    @staticmethod
    def _bind_event(envelope: Envelope) -> None:
        bind_contextvars(
            event_id=envelope.id, event_type=envelope.type, correlation_id=envelope.correlation_id
        )

    @classmethod
    def _decode(cls, record: ConsumerRecord, bind: bool = True) -> tuple[Envelope, dict[str, Any]]:
        try:
            envelope = decode(record.value)
            if bind:
                cls._bind_event(envelope)
            return envelope, load_data(envelope.type, envelope.version, envelope.data)
        except (MalformedEnvelope, UnknownEvent) as exc:
            raise Poisoned(str(exc)) from exc
        except ValidationError as exc:
            reason = f"invalid data for {envelope.type} v{envelope.version}: {exc.messages}"
            raise Poisoned(reason) from exc

    def _with_retries(self, record: ConsumerRecord, attempt: Callable[[], None]) -> None:
        retrying = Retrying(
            stop=stop_after_attempt(self._max_attempts),
            wait=wait_exponential(multiplier=0.1, max=self._retry_wait_max_s),
            # A passing outage is not the event's fault: it goes up, to pause the partition.
            retry=retry_if_exception(lambda error: not is_transient(error)),
            before_sleep=lambda s: log.warning(
                "consumer.retrying", error=repr(s.outcome.exception())
            ),
        )
        try:
            retrying(attempt)
        except RetryError as exc:
            error = exc.last_attempt.exception()
            self.dead_letter(record, f"handler failed {self._max_attempts} times: {error!r}")

    def _run_handler(
        self,
        handler: Handler,
        envelope: Envelope,
        data: dict[str, Any],
        new_uow: Callable[[], Any],
        handled: list[dict[str, Any]] | None = None,
    ) -> None:
        """`handled`: the inbox row goes there instead, for the caller to write with others
        (a duplicate then fails them all)."""
        row = {
            "consumer": self.sub.group,
            "event_id": envelope.id,
            "event_type": envelope.type,
            "handled_at": datetime.now(UTC),
        }
        with new_uow() as uow:
            if handled is None:
                try:
                    uow.session.execute(inbox.insert(), row)
                except IntegrityError:
                    log.info("consumer.duplicate_skipped")
                    return
            handler(envelope, data, uow)
            uow.commit()
        if handled is not None:
            handled.append(row)

    def _run_tombstone(self, topic: str, key: str, new_uow: Callable[[], Any]) -> None:
        handler = self.sub.tombstones.get(topic)
        if handler is None:
            return
        with new_uow() as uow:
            handler(key, uow)  # forgetting is idempotent, so no inbox row is needed
            uow.commit()

    def dead_letter(self, record: ConsumerRecord, reason: str) -> None:
        log.error("consumer.dead_lettered", topic=record.topic, offset=record.offset, reason=reason)
        producer = self._producer or self._producer_factory()
        self._producer = producer
        headers = [
            ("dlq_reason", reason[:4000].encode()),
            ("dlq_consumer", self.sub.group.encode()),
            ("dlq_source", f"{record.topic}/{record.partition}/{record.offset}".encode()),
        ]
        producer.send(
            dead_letter(record.topic), key=record.key, value=record.value, headers=headers
        ).get(timeout=30)
        DEAD_LETTERED.labels(topic=record.topic).inc()
