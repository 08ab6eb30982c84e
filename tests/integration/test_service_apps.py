"""Every service's app answers the public contract: /health/live, /health/ready, /openapi.json."""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine

from shared.config import SERVICE_PORTS, load_settings
from tests.support import migrated_engine


def recruitment_app(engine: Engine, **settings: Any) -> Flask:
    from services.recruitment.bootstrap import bootstrap
    from services.recruitment.config import load_settings as recruitment_settings
    from services.recruitment.entrypoints.app import create_app

    wired = bootstrap(
        settings=dataclasses.replace(recruitment_settings(), **settings), engine=engine
    )
    return create_app(wired)


@pytest.mark.parametrize("service", list(SERVICE_PORTS))
def test_health_and_openapi(service: str, bootstrap: str, tmp_path: Path) -> None:
    create_app = importlib.import_module(f"services.{service}.entrypoints.app").create_app
    settings = dataclasses.replace(load_settings(service), kafka_bootstrap_servers=bootstrap)
    engine = migrated_engine(service, tmp_path)
    if service == "recruitment":  # its create_app takes the bus its bootstrap builds
        client = recruitment_app(kafka_bootstrap_servers=bootstrap, engine=engine).test_client()
    else:
        client = create_app(settings, engine).test_client()

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
    client = recruitment_app(kafka_bootstrap_servers="127.0.0.1:1", engine=engine).test_client()
    ready = client.get("/health/ready")
    assert ready.status_code == 503
    assert ready.json["checks"] == {"database": "ok", "kafka": "failing"}


def test_correlation_id_is_kept_when_given(tmp_path: Path) -> None:
    client = recruitment_app(engine=migrated_engine("recruitment", tmp_path)).test_client()
    response = client.get("/health/live", headers={"X-Correlation-ID": "abc-123"})
    assert response.headers["X-Correlation-ID"] == "abc-123"
