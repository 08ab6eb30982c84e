"""Running the long-lived worker processes (relay, consumer) with a clean stop on SIGTERM."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable

import structlog
from kafka.errors import KafkaError
from tenacity import Retrying, retry_if_exception_type, wait_exponential

from shared.bus.topics import ensure_topics
from shared.config import Settings

log = structlog.get_logger("runtime")


def stop_on_signals() -> threading.Event:
    stop = threading.Event()

    def request_stop(signum: int, _frame: object) -> None:
        log.info("runtime.stopping", signal=signum)
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    return stop


def ensure_topics_when_broker_up(settings: Settings, stop: threading.Event) -> None:
    """Create the declared topics, waiting for the broker if it is not up yet. With the same
    replication setting `chorus topics` uses, so whoever creates a topic first creates it alike."""
    retrying = Retrying(
        retry=retry_if_exception_type((KafkaError, OSError)),
        wait=wait_exponential(multiplier=0.5, max=10),
        before_sleep=lambda s: log.warning(
            "runtime.waiting_for_broker", error=str(s.outcome.exception())
        ),
        sleep=stop.wait,
    )
    created = retrying(
        ensure_topics,
        settings.kafka_bootstrap_servers,
        replication_factor=settings.kafka_replication_factor,
    )
    if created:
        log.info("runtime.topics_created", topics=created)


def run_until_stopped(
    name: str, settings: Settings, work: Callable[[threading.Event], None]
) -> None:
    stop = stop_on_signals()
    ensure_topics_when_broker_up(settings, stop)
    log.info("runtime.started", process=name)
    work(stop)
    log.info("runtime.stopped", process=name)
