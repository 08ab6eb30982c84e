"""Putting a bench's events on the broker, as Chorus's producers would, and waiting for them."""

from __future__ import annotations

import uuid
from typing import Any

from shared.bus.kafka_clients import make_producer
from shared.events.envelope import Envelope, encode
from shared.events.registry import contract, dump_data


def envelope(type_: str, pid: str, data: dict[str, Any]) -> Envelope:
    """A version-1 event about participant `pid`, its data checked against the contract."""
    return Envelope(type_, 1, "bench", pid, dump_data(type_, 1, data), str(uuid.uuid4()))


def publish(bootstrap: str, envelopes: list[Envelope], client_id: str) -> None:
    """Each on its contract's topic, keyed as Chorus keys it; returns once all are acknowledged."""
    producer = make_producer(bootstrap, client_id)
    try:
        futures = [
            producer.send(contract(e.type, e.version).topic, key=e.key.encode(), value=encode(e))
            for e in envelopes
        ]
        producer.flush()
        for future in futures:
            future.get(timeout=30)
    finally:
        producer.close()
