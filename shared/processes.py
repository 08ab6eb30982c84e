"""The relay and consumer processes every service runs, and their common start-up wiring.

Each service's own entrypoints/{relay,consumer}.py is a two-line module that calls these."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy import Engine

from shared.bus.consumer import ConsumerRunner, Subscription
from shared.bus.kafka_clients import MAX_POLL_RECORDS, make_consumer, make_producer
from shared.bus.prune import prune
from shared.bus.relay import OutboxRelay
from shared.bus.unit_of_work import SqlAlchemyUnitOfWork
from shared.clock import utc_now
from shared.config import Settings, load_settings
from shared.db import make_engine, make_session_factory
from shared.logging import configure_logging
from shared.metrics import DEAD_LETTERED, PROCESS, LagReporter, consumer_lag, serve_process_metrics
from shared.periodic import once_across_instances
from shared.runtime import run_until_stopped
from shared.startup_checks import UnsafeSettings, settings_for

log = structlog.get_logger("entrypoints")

PRUNE_EVERY_S = 3600


def start_process(
    service: str, process: str, load: Callable[[str], Settings] = load_settings
) -> tuple[Settings, Engine]:
    try:
        settings = settings_for(service, process, load)
    except UnsafeSettings as refused:
        raise SystemExit(str(refused)) from None  # the message on stderr, exit status 1
    configure_logging(service)
    serve_process_metrics(service, process, settings.metrics_port)  # on unless METRICS_PORT=0
    return settings, make_engine(settings.database_url)


def relay_main(service: str) -> None:
    settings, engine = start_process(service, "relay")
    bootstrap = settings.kafka_bootstrap_servers
    relay = OutboxRelay(engine, lambda: make_producer(bootstrap, f"{service}-relay", flushes=True))
    run_until_stopped(f"{service}-relay", settings, relay.run)


@dataclass
class ConsumerWiring:
    """What a service's consumer process needs: its subscription, unit of work and idle work."""

    subscription: Subscription
    uow_factory: Callable[[], Any]
    on_idle: Callable[[], None] | None = None
    on_start: Callable[[], None] | None = None
    # Ends what on_start began (a thread of its own), when the process is asked to stop.
    on_stop: Callable[[], None] | None = None
    # Records a poll may hand over: fewer where a handler calls out (kafka_clients.py).
    max_poll_records: int = MAX_POLL_RECORDS


def consumer_main(
    service: str,
    wire: Callable[[Any, Engine], ConsumerWiring],
    load: Callable[[str], Settings] = load_settings,
) -> None:
    """`load`: the service's own settings loader, whose settings `wire` is given."""
    settings, engine = start_process(service, "consumer", load)
    wiring = wire(settings, engine)
    sub = wiring.subscription
    sub.group = settings.consumer_group_prefix + sub.group
    if wiring.on_start is not None:
        wiring.on_start()
    try:
        _consume(service, settings, wiring, engine)
    finally:
        if wiring.on_stop is not None:
            wiring.on_stop()


def _consume(service: str, settings: Settings, wiring: ConsumerWiring, engine: Engine) -> None:
    bootstrap, sub = settings.kafka_bootstrap_servers, wiring.subscription
    # Old outbox and inbox rows go, once an hour, by one of the service's consumer instances.
    pruning = once_across_instances(engine)(
        "bus-prune", PRUNE_EVERY_S, lambda: prune(engine, utc_now())
    )
    own_idle = wiring.on_idle

    def idle() -> None:
        pruning()
        if own_idle is not None:
            own_idle()

    if not sub.topics:
        log.info("consumer.nothing_to_consume", group=sub.group)
        run_until_stopped(f"{service}-consumer", settings, lambda stop: stop.wait())
        return
    for topic in sub.topics:  # at 0 from the start, so the first dead letter is an increase
        DEAD_LETTERED.labels(topic=topic)
    if settings.metrics_port != 0:  # the group's lag, every CONSUMER_LAG_INTERVAL_SECONDS
        interval = settings.consumer_lag_interval_seconds
        lag = LagReporter(sub.group, lambda: consumer_lag(bootstrap, sub.group), interval)
        PROCESS.register(lag)
    runner = ConsumerRunner(
        sub,
        wiring.uow_factory,
        consumer_factory=lambda: make_consumer(
            bootstrap, sub.group, sub.topics, wiring.max_poll_records
        ),
        producer_factory=lambda: make_producer(bootstrap, f"{service}-dlq"),
        on_idle=idle,
    )
    run_until_stopped(f"{service}-consumer", settings, runner.run)


def plain_unit_of_work(service: str, engine: Engine) -> Callable[[], SqlAlchemyUnitOfWork]:
    """A unit of work with no repositories, for a service whose domain is still to come."""
    sessions = make_session_factory(engine)

    def no_events(event: object) -> Any:
        raise TypeError(f"{service} announces no events yet, got {type(event).__name__}")

    return lambda: SqlAlchemyUnitOfWork(sessions, producer=service, mapper=no_events)


def idle_consumer_wiring(service: str, engine: Engine) -> ConsumerWiring:
    """The consumer of a service that has no events to consume yet: it runs, and waits."""
    return ConsumerWiring(
        Subscription(group=service, handlers={}, topics=[]), plain_unit_of_work(service, engine)
    )
