"""Prometheus metrics: what each process counts, and what is measured when Prometheus scrapes.

Two kinds of registry:
- `PROCESS`: counters that the code increments wherever it runs (dead letters in the consumer,
  SMS and email outcomes in the notifications dispatcher, payout outcomes in payments). The web
  app's /metrics includes them; the relay and consumer processes serve them on `METRICS_PORT`
  (off unless set), since they are separate processes with no web server of their own.
- one registry per web app (`app_registry`), so that tests creating many apps never clash: HTTP
  requests by route and status, and collectors that read the service's own database and Kafka
  at scrape time.

Consumer lag is computed at scrape time by the web app from the broker (the group's committed
offsets against the partitions' end offsets), not reported by the consumer process itself: lag
matters most when the consumer is stuck or down, which is exactly when it could not report it,
and `chorus status` reads it the same way (one function, `consumer_lag`). The answer is cached
briefly so frequent scrapes do not each open connections to the broker.

gunicorn runs several workers, each with its own counters: Prometheus sums what it sees, so
request and payout counts are per worker (use `sum without(instance, worker)`-style rules, or
set PROMETHEUS_MULTIPROC_DIR for prometheus-client's multiprocess mode in production).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import structlog
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Engine, func, select

from shared.bus.tables import outbox

log = structlog.get_logger("metrics")

PROCESS = CollectorRegistry()

DEAD_LETTERED = Counter(
    "chorus_dead_lettered",
    "Messages sent to a dead-letter topic, by the topic they came from.",
    ["topic"],
    registry=PROCESS,
)
MESSAGES = Counter(
    "chorus_messages",
    "SMS and email send outcomes (sent, or failed: refused, rejected, outcome unknown).",
    ["channel", "outcome"],
    registry=PROCESS,
)
CHANNEL_UNAVAILABLE = Counter(
    "chorus_channel_unavailable",
    "Sends that found the provider unreachable or refusing our credentials (nothing was sent;"
    " the message waits), by channel and reason (unreachable, credentials).",
    ["channel", "reason"],
    registry=PROCESS,
)
CONSUMER_STUCK = Gauge(
    "chorus_consumer_stuck_seconds",
    "How long a consumer's partition has been paused on a record that fails for a passing reason"
    " (database or broker away; retried until it works); 0 when it is not.",
    ["group", "topic", "partition"],
    registry=PROCESS,
)
RELAYED = Counter(
    "chorus_outbox_published",
    "Outbox rows the relay published and the broker acknowledged.",
    registry=PROCESS,
)
PAYOUTS = Counter(
    "chorus_payouts",
    "Payout outcomes recorded by payments (paid, failed, ...).",
    ["status"],
    registry=PROCESS,
)


LIMITED = Counter(
    "chorus_limited",
    "Requests refused by a sending or sign-in limit (shared/send_limits.py), by limit.",
    ["limit"],
    registry=PROCESS,
)

WEBHOOK_REJECTIONS = Counter(
    "chorus_webhook_rejections",
    "Webhook calls refused for a missing or bad signature, by path (every one, recorded or not).",
    ["path", "reason"],
    registry=PROCESS,
)


def message_outcome(channel: str, sent: bool) -> None:
    MESSAGES.labels(channel=channel, outcome="sent" if sent else "failed").inc()


def serve_process_metrics(port: int) -> None:
    """Serve PROCESS on 0.0.0.0:port in a background thread (relay and consumer processes)."""
    if port:
        start_http_server(port, registry=PROCESS)
        log.info("metrics.serving", port=port)


def app_registry() -> tuple[CollectorRegistry, Counter, Histogram]:
    registry = CollectorRegistry()
    requests = Counter(
        "chorus_http_requests",
        "HTTP requests handled, by route (the URL rule), method and status.",
        ["route", "method", "status"],
        registry=registry,
    )
    latency = Histogram(
        "chorus_http_request_duration_seconds",
        "Time to handle an HTTP request, by route (the URL rule).",
        ["route", "method"],
        registry=registry,
    )
    return registry, requests, latency


class OutboxCollector(Collector):
    """Unsent outbox rows and the age of the oldest, read from the database at scrape time."""

    def __init__(self, engine: Engine, service: str) -> None:
        self._engine = engine
        self._service = service

    def collect(self) -> Iterator[Metric]:
        backlog = GaugeMetricFamily(
            "chorus_outbox_backlog", "Outbox rows not yet published.", labels=["service"]
        )
        age = GaugeMetricFamily(
            "chorus_outbox_oldest_unsent_age_seconds",
            "Age of the oldest outbox row not yet published (0 when none).",
            labels=["service"],
        )
        try:
            count, oldest = outbox_state(self._engine)
        except Exception:  # the database is away: say nothing rather than fail the scrape
            log.warning("metrics.outbox_unavailable", exc_info=True)
            return
        backlog.add_metric([self._service], count)
        age.add_metric([self._service], oldest)
        yield backlog
        yield age


def outbox_state(engine: Engine) -> tuple[int, float]:
    """(unsent rows, age in seconds of the oldest unsent row or 0)."""
    with engine.connect() as conn:
        count, oldest = conn.execute(
            select(func.count(), func.min(outbox.c.created_at)).where(outbox.c.sent_at.is_(None))
        ).one()
    if oldest is None:
        return count, 0.0
    if oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)
    return count, max(0.0, (datetime.now(UTC) - oldest).total_seconds())


# (topic, partition) -> messages not yet committed by the group
Lag = dict[tuple[str, int], int]


def consumer_lag(bootstrap: str, group: str, timeout_ms: int = 5000) -> Lag:
    """The group's lag per partition: end offset minus committed offset (from the broker)."""
    from kafka import KafkaAdminClient, KafkaConsumer

    admin = KafkaAdminClient(
        bootstrap_servers=bootstrap, client_id="chorus-lag", request_timeout_ms=timeout_ms
    )
    try:
        committed = admin.list_group_offsets(group).get(group, {})
    finally:
        admin.close()
    if not committed:
        return {}
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap, client_id="chorus-lag", request_timeout_ms=timeout_ms + 1
    )
    try:
        ends = consumer.end_offsets(list(committed))
    finally:
        consumer.close()
    return {
        (tp.topic, tp.partition): max(0, ends[tp] - meta.offset)
        for tp, meta in committed.items()
        if tp in ends and meta.offset >= 0
    }


class LagCollector(Collector):
    """Consumer lag per partition of one group, asked of the broker at scrape time (cached)."""

    def __init__(self, group: str, lag: Callable[[], Lag], cache_seconds: float = 10.0) -> None:
        self._group = group
        self._lag = lag
        self._cache_seconds = cache_seconds
        self._cached: tuple[float, Lag] | None = None

    def collect(self) -> Iterator[Metric]:
        gauge = GaugeMetricFamily(
            "chorus_consumer_lag",
            "Messages not yet handled by the consumer group, per partition.",
            labels=["group", "topic", "partition"],
        )
        now = time.monotonic()
        if self._cached is None or now - self._cached[0] > self._cache_seconds:
            try:
                self._cached = (now, self._lag())
            except Exception:  # the broker is away: say nothing rather than fail the scrape
                log.warning("metrics.lag_unavailable", exc_info=True)
                self._cached = (now, {})  # and do not ask again on every scrape meanwhile
                return
        for (topic, partition), lag in sorted(self._cached[1].items()):
            gauge.add_metric([self._group, topic, str(partition)], lag)
        yield gauge
