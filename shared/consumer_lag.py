"""Consumer lag from the broker: a group's committed offsets (the admin client's
list_group_offsets) against the partitions' end offsets, as the gauge `chorus_consumer_lag`.

Both the consumer process and the web app export it, each reading it every
CONSUMER_LAG_INTERVAL_SECONDS (default 15) in a background thread (`LagReporter`): never per
message, and never at scrape time, so a scrape costs the broker nothing and a slow or absent
broker never slows a scrape. The consumer reports its own group; the web app reports it too,
because lag matters most when every consumer of the group is down, which is exactly when no
consumer can report it.
The series are the same (group, topic, partition) from several targets: alert on
`max by (group, topic, partition)`. `chorus status` reads it the same way.
"""

from __future__ import annotations

import threading
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


class LagReporter(Collector):
    """A group's lag as last read from the broker, refreshed every `interval` seconds by a daemon
    thread, so a scrape never waits for the broker (with the broker away, the admin client can
    block for longer than Prometheus waits for a scrape, and the whole scrape, outbox figures
    included, would be lost). None while the broker is away: the gauge is absent, not stale.

    `lazy`: start the thread on the first scrape (web apps: tests build many that nobody
    scrapes), waiting up to `first_wait` seconds for the first reading."""

    def __init__(
        self,
        group: str,
        lag: Callable[[], Lag],
        interval: float,
        lazy: bool = False,
        first_wait: float = 3.0,
    ) -> None:
        self._group = group
        self._lag = lag
        self._interval = interval
        self._first_wait = first_wait
        self._last: Lag | None = None
        self._read = threading.Event()
        self._stop = threading.Event()
        self._started = threading.Lock() if lazy else None
        if not lazy:
            self.start()

    def refresh(self) -> None:
        try:
            self._last = self._lag()
        except Exception:  # the broker is away: report nothing rather than a stale figure
            log.warning("metrics.lag_unavailable", exc_info=True)
            self._last = None
        self._read.set()

    def start(self) -> None:
        def loop() -> None:
            while True:
                self.refresh()
                if self._stop.wait(self._interval):
                    return

        threading.Thread(target=loop, name=f"chorus-lag-{self._group}", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def collect(self) -> Iterator[Metric]:
        if self._started is not None and self._started.acquire(blocking=False):
            self.start()  # the lock is never released: one thread
            self._read.wait(self._first_wait)
        last = self._last
        if last is not None:
            yield lag_family(self._group, last)
