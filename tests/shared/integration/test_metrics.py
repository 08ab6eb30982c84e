"""/metrics on every service app: request counts by route, the outbox gauges, process counters."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from prometheus_client.parser import text_string_to_metric_families

from shared.bus.consumer import ConsumerRunner, Subscription
from shared.bus.kafka_clients import make_producer
from shared.bus.tables import outbox
from shared.config import SERVICE_PORTS, load_settings
from shared.metrics import DEAD_LETTERED
from tests.support import migrated_engine, produce, read_topic, service_app


def make_app(service: str, tmp_path: Path) -> tuple[Flask, object]:
    engine = migrated_engine(service, tmp_path)
    return service_app(service, load_settings(service), engine), engine


def samples(app: Flask) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = app.test_client().get("/metrics")
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain")
    found = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for s in family.samples:
            found[(s.name, frozenset(s.labels.items()))] = s.value
    return found


def value(found: dict, name: str, **labels: str) -> float:  # type: ignore[type-arg]
    return found.get((name, frozenset(labels.items())), 0.0)


@pytest.mark.parametrize("service", list(SERVICE_PORTS))
def test_request_counts_move_by_route_and_status(
    service: str, tmp_path: Path, bootstrap: str
) -> None:
    app, _engine = make_app(service, tmp_path)
    client = app.test_client()
    before = samples(app)
    for _ in range(3):
        assert client.get("/health/live").status_code == 200
    client.get(f"/no-such-page-{uuid.uuid4().hex}")
    after = samples(app)

    labels = {"route": "/health/live", "method": "GET", "status": "200"}
    counted = value(after, "chorus_http_requests_total", **labels)
    assert counted - value(before, "chorus_http_requests_total", **labels) == 3
    assert value(after, "chorus_http_requests_total", route="<unmatched>", method="GET",
                 status="404") >= 1  # fmt: skip
    assert (
        value(after, "chorus_http_request_duration_seconds_count", route="/health/live",
              method="GET") >= 3
    )  # fmt: skip


def test_outbox_backlog_gauge_equals_unsent_rows(tmp_path: Path, bootstrap: str) -> None:
    app, engine = make_app("scheduling", tmp_path)
    now = datetime.now(UTC)
    rows = [
        {"sent_at": None, "created_at": now - timedelta(seconds=120)},
        {"sent_at": None, "created_at": now - timedelta(seconds=5)},
        {"sent_at": now, "created_at": now - timedelta(seconds=600)},
    ]
    with engine.begin() as conn:  # type: ignore[attr-defined]
        for row in rows:
            conn.execute(
                outbox.insert().values(
                    event_id=str(uuid.uuid4()),
                    topic="scheduling.booking",
                    key="k",
                    event_type="Test",
                    payload="{}",
                    attempts=0,
                    **row,
                )
            )
    found = samples(app)
    assert value(found, "chorus_outbox_backlog", service="scheduling") == 2
    age = value(found, "chorus_outbox_oldest_unsent_age_seconds", service="scheduling")
    assert 119 <= age < 300


def test_dead_letters_are_counted_by_topic(bootstrap: str, topic: str) -> None:
    produce(bootstrap, topic, [(b"k", b"{not json")])
    record = read_topic(bootstrap, topic)[0]
    runner = ConsumerRunner(
        Subscription(group=f"group-{topic}", handlers={}, topics=[topic]),
        uow_factory=lambda: None,
        consumer_factory=lambda: None,  # type: ignore[arg-type,return-value]
        producer_factory=lambda: make_producer(bootstrap, "test-metrics"),
    )
    before = DEAD_LETTERED.labels(topic=topic)._value.get()
    runner.process(record)
    assert DEAD_LETTERED.labels(topic=topic)._value.get() == before + 1
    assert len(read_topic(bootstrap, f"{topic}.dlq")) == 1
