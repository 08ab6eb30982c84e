"""Consumer lag from the broker: a group's committed offsets (the admin client's
list_group_offsets) against the partitions' end offsets, as the gauge `chorus_consumer_lag`.

Two places export it, from the same function:
- each consumer process, every CONSUMER_LAG_INTERVAL_SECONDS (default 15) in a background thread
  (`LagReporter`): never per message, and never at scrape time, so a scrape costs the broker
  nothing and a slow broker never slows a scrape;
- each web app, asked at scrape time and cached briefly (`LagCollector`): lag matters most when
  every consumer of the group is down, which is exactly when no consumer can report it.
The series are the same (group, topic, partition) from several targets: alert on
`max by (group, topic, partition)`. `chorus status` reads it the same way.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import structlog
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

log = structlog.get_logger("metrics")

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


def lag_family(group: str, lag: Lag) -> GaugeMetricFamily:
    gauge = GaugeMetricFamily(
        "chorus_consumer_lag",
        "Messages not yet handled by the consumer group, per partition (from the broker).",
        labels=["group", "topic", "partition"],
    )
    for (topic, partition), behind in sorted(lag.items()):
        gauge.add_metric([group, topic, str(partition)], behind)
    return gauge


class LagCollector(Collector):
    """Consumer lag per partition of one group, asked of the broker at scrape time (cached)."""

    def __init__(self, group: str, lag: Callable[[], Lag], cache_seconds: float = 10.0) -> None:
        self._group = group
        self._lag = lag
        self._cache_seconds = cache_seconds
        self._cached: tuple[float, Lag] | None = None

    def collect(self) -> Iterator[Metric]:
        now = time.monotonic()
        if self._cached is None or now - self._cached[0] > self._cache_seconds:
            try:
                self._cached = (now, self._lag())
            except Exception:  # the broker is away: say nothing rather than fail the scrape
                log.warning("metrics.lag_unavailable", exc_info=True)
                self._cached = (now, {})  # and do not ask again on every scrape meanwhile
                return
        yield lag_family(self._group, self._cached[1])


class LagReporter(Collector):
    """The consumer process's own reading of its group's lag, refreshed every `interval` seconds
    by a daemon thread; a scrape returns the last reading (none while the broker is away)."""

    def __init__(self, group: str, lag: Callable[[], Lag], interval: float) -> None:
        self._group = group
        self._lag = lag
        self._interval = interval
        self._last: Lag | None = None
        self._stop = threading.Event()

    def refresh(self) -> None:
        try:
            self._last = self._lag()
        except Exception:  # the broker is away: report nothing rather than a stale figure
            log.warning("metrics.lag_unavailable", exc_info=True)
            self._last = None

    def start(self) -> LagReporter:
        def loop() -> None:
            while True:
                self.refresh()
                if self._stop.wait(self._interval):
                    return

        threading.Thread(target=loop, name="chorus-lag", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def collect(self) -> Iterator[Metric]:
        if self._last is not None:
            yield lag_family(self._group, self._last)
