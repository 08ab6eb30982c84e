"""Real Chorus processes for the metrics tests: gunicorn started as deploy/local/Procfile starts
it, relays and consumers as `python -m`, each scraped over HTTP in the Prometheus text format."""

from __future__ import annotations

import json
import os
import shlex
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from tests.support import ROOT, answers, migrated_engine, wait_until

PROCFILE = ROOT / "deploy" / "local" / "Procfile"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def procfile_command(name: str, port: int) -> list[str]:
    """The Procfile's command for `name` (e.g. recruitment-web), on `port` instead of its own."""
    for line in PROCFILE.read_text().splitlines():
        if line.startswith(f"{name}:"):
            words = shlex.split(line.split(":", 1)[1])
            bind = words.index("--bind")
            words[bind + 1] = f"127.0.0.1:{port}"
            assert words[0] == "gunicorn", words
            return [sys.executable, "-m", *words]
    raise AssertionError(f"{name} is not in {PROCFILE}")


def chorus_env(tmp_path: Path, bootstrap: str, service: str = "recruitment") -> dict[str, str]:
    """A private database and consumer groups; metrics ports left to their defaults."""
    engine = migrated_engine(service, tmp_path)
    engine.dispose()
    env = {k: v for k, v in os.environ.items() if k not in ("METRICS_PORT", "CHORUS_INSTANCE")}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    return {
        **env,
        "CHORUS_ENV": "development",
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        f"{service.upper()}_DATABASE_URL": f"sqlite:///{tmp_path / f'{service}.db'}",
        "KAFKA_CONSUMER_GROUP_PREFIX": f"metrics-{uuid.uuid4().hex[:8]}-",
        "CHORUS_METRICS_DIR": str(tmp_path / "metrics"),
    }


@dataclass
class Running:
    process: subprocess.Popen[bytes]
    log: Path

    def events(self, event: str) -> list[dict[str, Any]]:
        found = []
        for line in self.log.read_text(errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict) and entry.get("event") == event:
                found.append(entry)
        return found

    def metrics_port(self, timeout: float = 60) -> int:
        """The port the process says it serves /metrics on (its `metrics.serving` line)."""
        served = wait_until(
            lambda: self.events("metrics.serving") or self.process.poll() is not None,
            timeout=timeout,
            what=f"metrics.serving in {self.log}",
        )
        assert isinstance(served, list), self.log.read_text()
        return int(served[0]["port"])


@contextmanager
def started(command: list[str], env: dict[str, str], log: Path) -> Iterator[Running]:
    with open(log, "wb") as out:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield Running(process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_answering(url: str, timeout: float = 60) -> None:
    wait_until(lambda: answers(url), timeout=timeout, what=f"{url} to answer")


def scrape(url: str) -> list[Sample]:
    """Every sample of one real scrape, parsed as Prometheus parses the text format."""
    response = requests.get(url, timeout=10)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/plain")
    return [s for family in text_string_to_metric_families(response.text) for s in family.samples]


def total(samples: list[Sample], name: str, **labels: str) -> float:
    """The sum of `name`'s samples whose labels include `labels`."""
    return sum(
        s.value
        for s in samples
        if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())
    )
