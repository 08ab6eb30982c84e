"""Every service's app answers the public contract: /health/live, /health/ready, /openapi.json."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from shared.config import SERVICE_PORTS, load_settings
from tests.support import migrated_engine, service_app


@pytest.mark.parametrize("service", list(SERVICE_PORTS))
def test_health_and_openapi(service: str, bootstrap: str, tmp_path: Path) -> None:
    settings = dataclasses.replace(load_settings(service), kafka_bootstrap_servers=bootstrap)
    client = service_app(service, settings, migrated_engine(service, tmp_path)).test_client()

    assert client.get("/health/live").json == {"status": "ok"}
    ready = client.get("/health/ready")
    assert ready.status_code == 200, ready.json
    assert ready.json["checks"] == {"database": "ok", "kafka": "ok"}
    spec = client.get("/openapi.json")
    assert spec.status_code == 200 and spec.json["info"]["title"] == f"Chorus {service}"
    assert client.get("/health/live").headers["X-Correlation-ID"]


def test_ready_says_which_part_is_failing(tmp_path: Path) -> None:
    # Nothing listens on port 1: the broker check must fail, quickly and by name.
    engine = migrated_engine("recruitment", tmp_path)
    settings = dataclasses.replace(
        load_settings("recruitment"), kafka_bootstrap_servers="127.0.0.1:1"
    )
    client = service_app("recruitment", settings, engine).test_client()
    ready = client.get("/health/ready")
    assert ready.status_code == 503
    assert ready.json["checks"] == {"database": "ok", "kafka": "failing"}


def test_correlation_id_is_kept_when_given(tmp_path: Path) -> None:
    engine = migrated_engine("recruitment", tmp_path)
    client = service_app("recruitment", load_settings("recruitment"), engine).test_client()
    response = client.get("/health/live", headers={"X-Correlation-ID": "abc-123"})
    assert response.headers["X-Correlation-ID"] == "abc-123"
