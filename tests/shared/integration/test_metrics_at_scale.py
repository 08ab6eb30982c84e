"""Metrics that are true at scale (issue #15, item 4), through real processes: gunicorn with two
workers started from the Procfile's own command line, relays and consumers with no METRICS_PORT,
a real broker."""

from __future__ import annotations

import socket
import sys
import time
from pathlib import Path

import requests

from shared.metrics import default_metrics_port
from tests.shared.integration.chorus_processes import (
    chorus_env,
    free_port,
    procfile_command,
    scrape,
    started,
    total,
    wait_answering,
)
from tests.support import create_topic, produce, start_at_the_end, wait_until

REQUESTS = 30
LIVE = {"route": "/health/live", "method": "GET", "status": "200"}


def test_two_gunicorn_workers_are_summed_in_every_scrape(tmp_path: Path, bootstrap: str) -> None:
    port = free_port()
    env = chorus_env(tmp_path, bootstrap)
    command = procfile_command("recruitment-web", port)
    with started(command, env, tmp_path / "web.log") as web:
        base = f"http://127.0.0.1:{port}"
        wait_answering(f"{base}/health/ready")

        # One worker is kept waiting for the rest of a request's headers, so the other serves
        # all the others; then the first finishes it. Each worker has counted some.
        held = socket.create_connection(("127.0.0.1", port))
        held.sendall(b"GET /health/live HTTP/1.1\r\nHost: localhost\r\n")
        time.sleep(0.5)
        for _ in range(REQUESTS - 1):
            assert requests.get(f"{base}/health/live", timeout=10).status_code == 200
        held.sendall(b"Connection: close\r\n\r\n")
        assert held.recv(100).startswith(b"HTTP/1.1 200")
        held.close()
        # Whichever worker answers the scrape, the count is both workers' together.
        for _ in range(6):
            samples = scrape(f"{base}/metrics")
            assert total(samples, "chorus_http_requests_total", **LIVE) == REQUESTS
        # Both workers did count some: each wrote its own file in the master's directory.
        directory = tmp_path / "metrics" / f"gunicorn-{socket.gethostname()}-{web.process.pid}"
        counters = {p.name for p in directory.glob("counter_*.db")}
        assert len(counters) == 2, counters
        info = [s for s in samples if s.name == "chorus_instance_info"]
        assert [s.labels for s in info] == [
            {
                "service": "recruitment",
                "process": "web",
                "instance_id": f"{socket.gethostname()}:{web.process.pid}",
            }
        ]
    assert not directory.exists()  # removed when the master stops


def test_a_restarted_master_does_not_count_stale_files(tmp_path: Path, bootstrap: str) -> None:
    env = chorus_env(tmp_path, bootstrap)
    host = socket.gethostname()
    gone = tmp_path / "metrics" / f"gunicorn-{host}-999999999"  # a master that died, files left
    gone.mkdir(parents=True)
    (gone / "counter_1.db").write_bytes(b"stale")
    port = free_port()
    with started(procfile_command("recruitment-web", port), env, tmp_path / "web.log"):
        wait_answering(f"http://127.0.0.1:{port}/health/ready")
        requests.get(f"http://127.0.0.1:{port}/health/live")
        samples = scrape(f"http://127.0.0.1:{port}/metrics")
        assert total(samples, "chorus_http_requests_total", **LIVE) == 1
        assert not gone.exists()


def test_relays_serve_metrics_by_default_and_a_second_one_on_a_free_port(
    tmp_path: Path, bootstrap: str
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    relay = [sys.executable, "-m", "services.recruitment.entrypoints.relay"]
    default = default_metrics_port("recruitment", "relay")
    assert default == 8101
    with (
        started(relay, chorus_env(tmp_path / "a", bootstrap), tmp_path / "a.log") as first,
        started(relay, chorus_env(tmp_path / "b", bootstrap), tmp_path / "b.log") as second,
    ):
        ports = {first.metrics_port(): first, second.metrics_port(): second}
        assert len(ports) == 2
        # One of them has the default port unless something else on this host holds it; the
        # other was refused it and says so.
        taken = first.events("metrics.port_taken") + second.events("metrics.port_taken")
        assert [t["wanted"] for t in taken] in ([default], [default, default])
        if len(taken) == 1:
            assert default in ports
        for port, running in ports.items():
            samples = scrape(f"http://127.0.0.1:{port}/metrics")
            info = [s.labels for s in samples if s.name == "chorus_instance_info"]
            host_pid = f"{socket.gethostname()}:{running.process.pid}"
            assert info == [{"service": "recruitment", "process": "relay", "instance_id": host_pid}]
            assert "chorus_outbox_published_total" in {s.name for s in samples}


def test_metrics_port_zero_turns_them_off(tmp_path: Path, bootstrap: str) -> None:
    env = {**chorus_env(tmp_path, bootstrap), "METRICS_PORT": "0"}
    relay = [sys.executable, "-m", "services.recruitment.entrypoints.relay"]
    with started(relay, env, tmp_path / "relay.log") as running:
        wait_until(lambda: running.events("metrics.off"), timeout=60, what="metrics.off")
        assert not running.events("metrics.serving")


def test_the_consumer_reports_its_groups_lag_from_the_broker(
    tmp_path: Path, bootstrap: str
) -> None:
    env = {**chorus_env(tmp_path, bootstrap), "CONSUMER_LAG_INTERVAL_SECONDS": "0.5"}
    group = env["KAFKA_CONSUMER_GROUP_PREFIX"] + "recruitment"
    from services.recruitment import bootstrap as recruitment

    start_at_the_end(bootstrap, group, recruitment.subscription().topics)
    # A private topic the group has committed on: its records wait, unread, so the lag is
    # exactly what we produce, and nobody else's consumer is touched.
    waiting = create_topic(bootstrap)
    start_at_the_end(bootstrap, group, [waiting])
    produce(bootstrap, waiting, [(b"k", b"one"), (b"k", b"two")])
    consumer = [sys.executable, "-m", "services.recruitment.entrypoints.consumer"]
    with started(consumer, env, tmp_path / "consumer.log") as running:
        url = f"http://127.0.0.1:{running.metrics_port()}/metrics"
        lag = {"group": group, "topic": waiting, "partition": "0"}

        def lag_is(expected: float) -> bool:
            return total(scrape(url), "chorus_consumer_lag", **lag) == expected

        wait_until(lambda: lag_is(2), timeout=30, what="lag 2")
        # Its own topics are there too (all caught up), with the group's prefixed name.
        own = [s for s in scrape(url) if s.name == "chorus_consumer_lag"]
        assert {s.labels["topic"] for s in own} >= set(recruitment.subscription().topics)
        # Dead letters per topic are there from the start, at 0 (else the first is no increase).
        for topic in recruitment.subscription().topics:
            dead = [s for s in scrape(url) if s.name == "chorus_dead_lettered_total"]
            assert [s.value for s in dead if s.labels == {"topic": topic}] == [0], topic
        produce(bootstrap, waiting, [(b"k", b"three")] * 3)
        started_at = time.monotonic()
        wait_until(lambda: lag_is(5), timeout=30, what="lag 5")
        assert time.monotonic() - started_at < 10  # refreshed on its own, every 0.5 s


def test_gunicorn_starts_when_its_metrics_directory_cannot_be_made(
    tmp_path: Path, bootstrap: str
) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    env = {**chorus_env(tmp_path, bootstrap), "CHORUS_METRICS_DIR": str(blocked)}
    port = free_port()
    with started(procfile_command("recruitment-web", port), env, tmp_path / "web.log") as web:
        wait_answering(f"http://127.0.0.1:{port}/health/ready")
        for _ in range(3):
            requests.get(f"http://127.0.0.1:{port}/health/live", timeout=10)
        samples = scrape(f"http://127.0.0.1:{port}/metrics")
        assert total(samples, "chorus_http_requests_total", **LIVE) == 3
        assert "chorus-metrics-" in web.log.read_text()  # a private directory instead
