"""The relay process every service runs, and the start-up wiring common to all processes."""

from __future__ import annotations

from sqlalchemy import Engine

from shared.bus.kafka_clients import make_producer
from shared.bus.relay import OutboxRelay
from shared.config import Settings, load_settings
from shared.db import make_engine
from shared.logging import configure_logging
from shared.runtime import run_until_stopped


def start_process(service: str) -> tuple[Settings, Engine]:
    settings = load_settings(service)
    configure_logging(service)
    return settings, make_engine(settings.database_url)


def relay_main(service: str) -> None:
    settings, engine = start_process(service)
    bootstrap = settings.kafka_bootstrap_servers
    relay = OutboxRelay(engine, lambda: make_producer(bootstrap, f"{service}-relay"))
    run_until_stopped(f"{service}-relay", bootstrap, relay.run)
