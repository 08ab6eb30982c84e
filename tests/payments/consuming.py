"""Payments' real consumer on a test topic, in a consumer group of its own: the runner the
integration tests feed events to through a real broker."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Engine

from services.payments.bootstrap import bootstrap as build_bus
from services.payments.bootstrap import subscription, uow_factory
from services.payments.config import load_settings as payments_settings
from shared.bus.consumer import ConsumerRunner
from shared.bus.kafka_clients import make_consumer, make_producer


def payments_consumer(
    bootstrap: str, engine: Engine, topic: str, **bus_parts: Any
) -> tuple[ConsumerRunner, str]:
    """The runner and its consumer group (for committed_offset). `bus_parts` go to the
    bootstrap (a receipt store, say)."""
    bus = build_bus(uow_factory=uow_factory(engine), settings=payments_settings(), **bus_parts)
    sub = subscription(bus)
    sub.group, sub.topics = f"payments-test-{uuid.uuid4().hex[:8]}", [topic]
    runner = ConsumerRunner(
        sub,
        uow_factory(engine),
        consumer_factory=lambda: make_consumer(bootstrap, sub.group, [topic]),
        producer_factory=lambda: make_producer(bootstrap, "payments-test-dlq"),
    )
    return runner, sub.group
