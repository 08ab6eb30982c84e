"""Partitions paused on a record that failed for a passing reason, and when to try it again.

The record's partition is paused at the record (seek back, then pause): polls go on, for the
other partitions and to stay in the group (max.poll.interval), but return nothing from it until
the backoff has passed. Each wait doubles, up to a minute; it goes on for as long as it takes.
An operator sees `consumer.stuck_on_transient_error` in the log and the gauge
`chorus_consumer_stuck_seconds{group,topic,partition}` rise.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

import structlog
from kafka import KafkaConsumer, TopicPartition

from shared.bus.transient import is_transient
from shared.metrics import CONSUMER_STUCK

log = structlog.get_logger("consumer")

FIRST_WAIT_S = 0.5
LONGEST_WAIT_S = 60.0


@dataclass
class _Stuck:
    offset: int
    since: float
    tries: int = 0
    retry_at: float = 0.0


class StuckPartitions:
    def __init__(self, group: str) -> None:
        self._group = group
        self._stuck: dict[TopicPartition, _Stuck] = {}

    def stuck(
        self, consumer: KafkaConsumer, tp: TopicPartition, offset: int, error: Exception
    ) -> None:
        now = time.monotonic()
        entry = self._stuck.get(tp)
        if entry is None or entry.offset != offset:
            entry = self._stuck[tp] = _Stuck(offset, now)
        entry.tries += 1
        wait = min(LONGEST_WAIT_S, FIRST_WAIT_S * 2 ** (entry.tries - 1))
        entry.retry_at = now + wait * random.uniform(0.8, 1.2)
        consumer.seek(tp, offset)  # so this record, not the one after it, comes next
        consumer.pause(tp)
        stuck_for = now - entry.since
        self._gauge(tp).set(stuck_for)
        fields = dict(
            topic=tp.topic,
            partition=tp.partition,
            offset=offset,
            tries=entry.tries,
            stuck_for_s=round(stuck_for, 1),
            retry_in_s=round(wait, 1),
            error=repr(error),
        )
        if is_transient(error):
            log.warning("consumer.stuck_on_transient_error", **fields)
        else:  # e.g. the handler failed and so did the dead-letter publish
            log.error("consumer.record_failed", **fields, exc_info=error)

    def resume_due(self, consumer: KafkaConsumer) -> None:
        """Resume each paused partition whose wait is over: the next poll delivers the record
        again. A partition a rebalance took away is forgotten (its next owner starts from the
        committed offset, before the record)."""
        assigned, now = consumer.assignment(), time.monotonic()
        for tp, entry in list(self._stuck.items()):
            if tp not in assigned:
                self.unstuck(tp)
            elif now >= entry.retry_at and tp in consumer.paused():
                consumer.resume(tp)

    def unstuck(self, tp: TopicPartition) -> None:
        if self._stuck.pop(tp, None) is not None:
            self._gauge(tp).set(0)
            log.info("consumer.unstuck", topic=tp.topic, partition=tp.partition)

    def _gauge(self, tp: TopicPartition):  # type: ignore[no-untyped-def]
        return CONSUMER_STUCK.labels(group=self._group, topic=tp.topic, partition=str(tp.partition))
