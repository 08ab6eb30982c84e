"""Settings from the environment, read once at start-up (twelve-factor).

Secrets are wrapped in `Secret` so that they never show in a repr, a log line or a traceback.
CHORUS_ENV is production unless it says development: only a developer's machine gets the
development defaults below (shared/startup_checks.py refuses what production lacks).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SERVICE_PORTS = {"recruitment": 8001, "scheduling": 8002, "payments": 8003, "notifications": 8004}
DEVELOPMENT = "development"
PRODUCTION = "production"
# One fixed key for every worker of every service: a random key per worker would sign sessions and
# magic links that the next worker cannot read. Never accepted outside development.
DEVELOPMENT_SECRET_KEY = "development-only-not-secret"
DEVELOPMENT_BASE_URL = "http://127.0.0.1:8000"


class Secret(str):
    """A string that hides itself when printed."""

    def __repr__(self) -> str:
        return "Secret('***')" if self else "Secret('')"


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def _default_sqlite(service: str) -> str:
    return f"sqlite:///{ROOT / 'var' / 'db' / f'{service}.db'}"


@dataclass(frozen=True)
class Settings:
    service: str
    env: str
    public_base_url: str
    kafka_bootstrap_servers: str
    database_url: Secret
    secret_key: Secret
    twilio_from_number: str  # notifications texts from it; recruitment prints it on posters
    organisation_name: str = "Chorus"
    # Lets a test stack share a broker with `make run` without sharing its consumer groups.
    consumer_group_prefix: str = ""
    # Where a relay or consumer serves /metrics; None: its default (shared/metrics.py); 0: off.
    metrics_port: int | None = None
    consumer_lag_interval_seconds: float = 15.0  # how often consumers and web apps read lag
    kafka_replication_factor: int = 1  # of the topics `chorus topics` creates; 3 with 3 brokers

    @property
    def is_development(self) -> bool:
        return self.env == DEVELOPMENT


def common_values(service: str, common: Settings | None = None) -> dict[str, Any]:
    """The shared settings as keyword arguments, for a service's own settings class, e.g.
    `SchedulingSettings(**common_values("scheduling"), hold_hours=...)`: those given (the process
    runner has already loaded them), or the environment's."""
    settings = common if common is not None else load_settings(service)
    return {f.name: getattr(settings, f.name) for f in fields(Settings)}


def load_settings(service: str) -> Settings:
    """Build the settings of one service from os.environ."""
    env = _env("CHORUS_ENV") or PRODUCTION
    development = env == DEVELOPMENT
    base_url = _env("PUBLIC_BASE_URL", DEVELOPMENT_BASE_URL if development else "")
    return Settings(
        service=service,
        env=env,
        public_base_url=base_url.rstrip("/"),
        kafka_bootstrap_servers=_env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
        database_url=Secret(_env(f"{service.upper()}_DATABASE_URL", _default_sqlite(service))),
        secret_key=Secret(_env("SECRET_KEY") or (DEVELOPMENT_SECRET_KEY if development else "")),
        twilio_from_number=_env("TWILIO_FROM_NUMBER"),
        organisation_name=_env("ORGANISATION_NAME", "Chorus"),
        consumer_group_prefix=_env("KAFKA_CONSUMER_GROUP_PREFIX"),
        metrics_port=int(_env("METRICS_PORT")) if _env("METRICS_PORT").strip() else None,
        consumer_lag_interval_seconds=float(_env("CONSUMER_LAG_INTERVAL_SECONDS", "15")),
        kafka_replication_factor=int(_env("KAFKA_REPLICATION_FACTOR", "1")),
    )
