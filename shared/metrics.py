"""Prometheus metrics: what each process counts, and what is measured when Prometheus scrapes.

Two kinds of registry:
- `PROCESS`: counters that the code increments wherever it runs (dead letters in the consumer,
  SMS and email outcomes in the notifications dispatcher, payout outcomes in payments). The web
  app's /metrics includes them; each relay and consumer serves them on its own port (on by
  default: `default_metrics_port`; METRICS_PORT chooses another, 0 turns it off).
- one registry per web app (`app_registry`), so that tests creating many apps never clash: HTTP
  requests by route and status; beside it, what is measured at scrape time (the outbox, consumer
  lag from the broker: shared/consumer_lag.py) and the instance's info metric.

Under gunicorn (shared/gunicorn_config.py sets PROMETHEUS_MULTIPROC_DIR) every worker writes its
counts to files in one directory per master, and /metrics sums all the workers' files
(`exposition`), whichever worker answers the scrape.

No label is added to every series for the instance (Prometheus adds `instance` per scrape
target; a label common to all of a target's series is an anti-pattern there). Instead one info
metric per target, `chorus_instance_info{service,process,instance_id} 1`, says which process
group it is: CHORUS_INSTANCE, else host:pid (the gunicorn master's pid for every worker). Join it
when needed: `... * on(instance) group_left(instance_id) chorus_instance_info`.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from datetime import UTC, datetime

import structlog
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import Engine, func, select

from shared.bus.tables import outbox
from shared.config import SERVICE_PORTS

# Re-exported: callers name shared.metrics for everything metric.
from shared.consumer_lag import Lag as Lag
from shared.consumer_lag import LagReporter as LagReporter
from shared.consumer_lag import consumer_lag as consumer_lag

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


# Each relay's and consumer's default metrics port is its base plus the service's number n
# (web apps are on 800n).
PROCESS_PORT_BASES = {"relay": 8100, "consumer": 8200}


def message_outcome(channel: str, sent: bool) -> None:
    MESSAGES.labels(channel=channel, outcome="sent" if sent else "failed").inc()


def default_metrics_port(service: str, process: str) -> int:
    """Where a relay or consumer serves /metrics unless METRICS_PORT says: 810n and 820n beside
    the web port 800n (SERVICE_PORTS), e.g. recruitment's relay 8101 and consumer 8201."""
    base = PROCESS_PORT_BASES.get(process)
    return base + SERVICE_PORTS[service] % 100 if base else 0  # another process: any free port


def serve_process_metrics(service: str, process: str, configured: int | None) -> int | None:
    """Serve PROCESS on 0.0.0.0 in a background thread (relay and consumer processes): on
    `configured` (METRICS_PORT), else on the process's default port; 0: off. A port already taken
    (a second instance on this host) falls back to a free one, logged: metrics never stop the
    process. Returns the port served, or None when off."""
    if configured == 0:
        log.info("metrics.off", process=process)
        return None
    add_process_info(service, process)
    wanted = configured if configured is not None else default_metrics_port(service, process)
    try:
        server, _thread = start_http_server(wanted, registry=PROCESS)
    except OSError as taken:
        server, _thread = start_http_server(0, registry=PROCESS)
        log.warning("metrics.port_taken", wanted=wanted, port=server.server_port, error=str(taken))
    log.info("metrics.serving", process=process, port=server.server_port, instance=instance_id())
    return int(server.server_port)


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


def instance_id() -> str:
    return os.environ.get("CHORUS_INSTANCE") or f"{socket.gethostname()}:{os.getpid()}"


class InstanceInfo(Collector):
    """`chorus_instance_info{service,process,instance_id} 1`: which process group a target is."""

    def __init__(self, service: str, process: str) -> None:
        self.labels = {"service": service, "process": process}

    def collect(self) -> Iterator[Metric]:
        info = InfoMetricFamily("chorus_instance", "The Chorus process group behind this target.")
        info.add_metric([], {**self.labels, "instance_id": instance_id()})
        yield info


_process_info: list[InstanceInfo] = []  # in PROCESS once a relay or consumer serves it


def add_process_info(service: str, process: str) -> None:
    if not _process_info:  # once per process (tests may start several in one)
        _process_info.append(InstanceInfo(service, process))
        PROCESS.register(_process_info[0])
    _process_info[0].labels = {"service": service, "process": process}


def multiprocess_dir() -> str | None:
    """The multiprocess directory (gunicorn's workers), or None for a single process."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def exposition(counted: CollectorRegistry, live: CollectorRegistry) -> bytes:
    """The web app's /metrics body. `counted`: this app's counters; `live`: what is measured at
    scrape time. Under gunicorn the counters (the app's and PROCESS's) come from every worker's
    files instead, summed, so they are not given twice."""
    if multiprocess_dir():
        merged = CollectorRegistry(auto_describe=True)
        MultiProcessCollector(merged)
        return generate_latest(merged) + generate_latest(live)
    return generate_latest(counted) + generate_latest(PROCESS) + generate_latest(live)
