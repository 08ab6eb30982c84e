"""docs/operations.md's alerts, read from the doc's own rules block, judged on real scrapes.

For each alert: it is quiet on a scrape taken before, each metric it names is in the scrape of
the process that exports it, and after the traffic that should set it off it fires (the value
moved the way the alert expects). Sources: recruitment's gunicorn (two workers, started as the
Procfile starts it; its broker is away, which /health/ready answers 503 for), recruitment's
consumer process on the real broker, and, for counters that only the notifications dispatcher,
payments or a failing consumer increment, this process's own PROCESS registry served and scraped
over HTTP after driving the code that counts them.
"""

from __future__ import annotations

import re
import socket
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml
from kafka import KafkaConsumer, TopicPartition
from prometheus_client import start_http_server

from services.notifications.adapters.metrics import PrometheusSendMetrics
from services.payments.adapters.metrics import PrometheusPayoutMetrics
from shared.bus.consumer import ConsumerRunner, Subscription
from shared.bus.kafka_clients import make_producer
from shared.bus.stuck import StuckPartitions
from shared.bus.tables import outbox
from shared.db import make_engine
from shared.metrics import PROCESS
from tests.shared.integration.chorus_processes import (
    chorus_env,
    free_port,
    procfile_command,
    scrape,
    started,
    wait_answering,
)
from tests.shared.integration.promql_subset import Alert
from tests.support import ROOT, create_topic, produce, read_topic, start_at_the_end, wait_until

DOC = ROOT / "docs" / "operations.md"


def doc_alerts() -> dict[str, str]:
    block = re.search(r"```yaml\n# chorus-alerts\n(.*?)```", DOC.read_text(), re.S)
    assert block, "docs/operations.md has no ```yaml block starting # chorus-alerts"
    rules = yaml.safe_load(block.group(1))["groups"][0]["rules"]
    return {rule["alert"]: rule["expr"] for rule in rules}


@dataclass
class Stack:
    urls: dict[str, str]
    web: str
    web_db: Path
    bootstrap: str
    waiting_topic: str


@pytest.fixture(scope="module")
def stack(bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    work = tmp_path_factory.mktemp("alerts")
    (work / "web").mkdir()
    (work / "consumer").mkdir()
    web_env = chorus_env(work / "web", f"127.0.0.1:{free_port()}")  # a broker that is away
    consumer_env = {
        **chorus_env(work / "consumer", bootstrap),
        "CONSUMER_LAG_INTERVAL_SECONDS": "0.5",
    }
    group = consumer_env["KAFKA_CONSUMER_GROUP_PREFIX"] + "recruitment"
    from services.recruitment import bootstrap as recruitment

    start_at_the_end(bootstrap, group, recruitment.subscription().topics)
    waiting = create_topic(bootstrap)  # private: what we produce there waits, unread
    start_at_the_end(bootstrap, group, [waiting])
    web_port = free_port()
    own = start_http_server(free_port(), addr="127.0.0.1", registry=PROCESS)[0]
    consumer = [sys.executable, "-m", "services.recruitment.entrypoints.consumer"]
    with (
        started(procfile_command("recruitment-web", web_port), web_env, work / "web.log"),
        started(consumer, consumer_env, work / "consumer.log") as running,
    ):
        web = f"http://127.0.0.1:{web_port}"
        wait_answering(f"{web}/health/live")
        urls = {
            "web": f"{web}/metrics",
            "consumer": f"http://127.0.0.1:{running.metrics_port()}/metrics",
            "process": f"http://127.0.0.1:{own.server_port}/metrics",
        }
        yield Stack(urls, web, work / "web" / "recruitment.db", bootstrap, waiting)
    own.shutdown()


def unsent_outbox_row(stack: Stack) -> None:
    engine = make_engine(f"sqlite:///{stack.web_db}")
    with engine.begin() as conn:
        conn.execute(
            outbox.insert().values(
                event_id=str(uuid.uuid4()),
                topic="recruitment.participant",
                key="k",
                event_type="Test",
                payload="{}",
                attempts=0,
                created_at=datetime.now(UTC) - timedelta(minutes=10),
            )
        )
    engine.dispose()


def records_wait(stack: Stack) -> None:
    produce(stack.bootstrap, stack.waiting_topic, [(b"k", b"waiting")] * 3)


def a_partition_stuck(stack: Stack) -> None:
    topic = create_topic(stack.bootstrap)
    produce(stack.bootstrap, topic, [(b"k", b"v")])
    consumer = KafkaConsumer(bootstrap_servers=stack.bootstrap, enable_auto_commit=False)
    tp = TopicPartition(topic, 0)
    consumer.assign([tp])
    stuck = StuckPartitions(f"alerts-{topic}")
    try:
        for _ in range(2):  # the same record failing again, a little later: stuck for longer
            stuck.stuck(consumer, tp, 0, sqlite3.OperationalError("database is locked"))
            time.sleep(0.3)
    finally:
        consumer.close()


def a_dead_letter(stack: Stack) -> None:
    topic = create_topic(stack.bootstrap)
    produce(stack.bootstrap, topic, [(b"k", b"{not json")])
    runner = ConsumerRunner(
        Subscription(group=f"alerts-{topic}", handlers={}, topics=[topic]),
        uow_factory=lambda: None,
        consumer_factory=lambda: None,  # type: ignore[arg-type,return-value]
        producer_factory=lambda: make_producer(stack.bootstrap, "test-alerts"),
    )
    runner.process(read_topic(stack.bootstrap, topic)[0])


def sends(channel: str) -> Callable[[Stack], None]:
    def drive(_stack: Stack) -> None:
        metrics = PrometheusSendMetrics()  # what the dispatcher counts its outcomes with
        for sent in (True, False, False):
            metrics.outcome(channel, sent=sent)

    return drive


def credentials_refused(_stack: Stack) -> None:
    PrometheusSendMetrics().unavailable("email", "credentials")


def a_payout_failed(_stack: Stack) -> None:
    PrometheusPayoutMetrics().count("failed")


def not_ready(stack: Stack) -> None:
    for _ in range(3):
        assert requests.get(f"{stack.web}/health/ready", timeout=10).status_code == 503


# alert -> (the source that exports its metrics, what should set it off)
SCENARIOS: dict[str, tuple[str, Callable[[Stack], Any]]] = {
    "ChorusOutboxNotPublishing": ("web", unsent_outbox_row),
    "ChorusConsumerLagGrowing": ("consumer", records_wait),
    "ChorusConsumerStuck": ("process", a_partition_stuck),
    "ChorusDeadLetters": ("process", a_dead_letter),
    "ChorusSmsFailing": ("process", sends("sms")),
    "ChorusEmailFailing": ("process", sends("email")),
    "ChorusChannelUnavailable": ("process", credentials_refused),
    "ChorusPayoutFailed": ("process", a_payout_failed),
    "ChorusHttpErrors": ("web", not_ready),
}
# Alerts whose threshold is time itself (stuck for 5 minutes): the test sees the value rise,
# it does not wait the five minutes.
RISES_ONLY = {"ChorusConsumerStuck"}


def test_every_alert_in_the_doc_has_a_scenario_and_parses() -> None:
    alerts = doc_alerts()
    assert set(alerts) == set(SCENARIOS)
    for expr in alerts.values():
        assert Alert(expr).selectors


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_the_alert_fires_on_a_real_scrape(name: str, stack: Stack) -> None:
    alert = Alert(doc_alerts()[name])
    source, drive = SCENARIOS[name]
    url = stack.urls[source]
    started_at = time.monotonic()
    before = scrape(url)
    assert time.monotonic() - started_at < 5, "a scrape must not wait for the broker"
    assert not alert.fires(before, before), f"{name} fires before anything happened"
    drive(stack)

    missing: set[str] = set()

    def judged() -> list[Any] | None:
        after = scrape(url)
        missing.clear()
        missing.update({s.name for s in alert.selectors} - {s.name for s in after})
        if missing:
            return None
        if name in RISES_ONLY:
            first = alert.selectors[0]
            now = sum(s.value for s in after if first.matches(s))
            then = sum(s.value for s in before if first.matches(s))
            return after if now > then else None
        return after if alert.fires(before, after) else None

    try:
        wait_until(judged, timeout=30, what=f"{name} to fire on {url}")
    except AssertionError:
        assert not missing, f"{name} names metrics that {source} does not export: {missing}"
        raise


def test_the_web_scrape_names_its_instance(stack: Stack) -> None:
    info = [s.labels for s in scrape(stack.urls["web"]) if s.name == "chorus_instance_info"]
    assert len(info) == 1 and info[0]["process"] == "web"
    assert info[0]["instance_id"].startswith(f"{socket.gethostname()}:")
