"""Where relays and consumers serve their metrics, and how the web app's /metrics body is made."""

from __future__ import annotations

import pytest
from prometheus_client import CollectorRegistry, Counter

from shared.config import SERVICE_PORTS, load_settings
from shared.consumer_lag import LagReporter
from shared.metrics import default_metrics_port, exposition


@pytest.mark.parametrize(("value", "port"), [(None, None), ("", None), ("0", 0), ("9300", 9300)])
def test_metrics_port_unset_means_the_default_and_zero_means_off(
    monkeypatch: pytest.MonkeyPatch, value: str | None, port: int | None
) -> None:
    if value is None:
        monkeypatch.delenv("METRICS_PORT", raising=False)
    else:
        monkeypatch.setenv("METRICS_PORT", value)
    assert load_settings("payments").metrics_port == port


def test_every_relay_and_consumer_has_its_own_default_port() -> None:
    ports = [default_metrics_port(s, p) for s in SERVICE_PORTS for p in ("relay", "consumer")]
    assert len(set(ports)) == 8
    assert not set(ports) & set(SERVICE_PORTS.values())
    assert default_metrics_port("notifications", "consumer") == 8204


def test_without_multiprocess_mode_the_app_counts_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    counted, live = CollectorRegistry(), CollectorRegistry()
    Counter("chorus_test_things", "Things.", registry=counted).inc(3)
    assert b"chorus_test_things_total 3.0" in exposition(counted, live)


def test_a_lazy_lag_reporter_asks_nobody_until_scraped() -> None:
    asked: list[int] = []
    reporter = LagReporter("g", lambda: asked.append(1) or {("t", 0): 4}, 60, lazy=True)
    assert asked == []
    (family,) = list(reporter.collect())
    assert asked == [1]
    assert [(s.labels, s.value) for s in family.samples] == [
        ({"group": "g", "topic": "t", "partition": "0"}, 4)
    ]
    list(reporter.collect())
    assert asked == [1]  # one thread, refreshing every interval, not one read per scrape
    reporter.stop()


def test_a_lag_reading_that_fails_reports_nothing() -> None:
    def away() -> dict[tuple[str, int], int]:
        raise OSError("no broker")

    reporter = LagReporter("g", away, 60, lazy=True)
    assert list(reporter.collect()) == []
    reporter.stop()


def test_the_series_alerts_watch_start_at_zero() -> None:
    from prometheus_client import generate_latest

    import services.notifications.adapters.metrics
    import services.payments.adapters.metrics  # noqa: F401 - counts payouts
    from shared.metrics import PROCESS

    text = generate_latest(PROCESS).decode()
    for series in (
        'chorus_messages_total{channel="sms",outcome="failed"}',
        'chorus_messages_total{channel="email",outcome="sent"}',
        'chorus_channel_unavailable_total{channel="email",reason="credentials"}',
        'chorus_payouts_total{status="failed"}',
    ):
        assert series in text, series
