"""What every service's Flask app has: OpenAPI, health checks, correlation ids, JSON errors."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, current_app, g, jsonify, request
from flask_smorest import Api
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry
from sqlalchemy import Engine, text

from shared.access_log import redact
from shared.auth import SESSION_CHECKS, SessionChecks
from shared.bus.messagebus import MessageBus
from shared.bus.wait_for_broker import broker_answers
from shared.config import Settings
from shared.logging import bind_contextvars, clear_contextvars
from shared.metrics import (
    InstanceInfo,
    LagReporter,
    OutboxCollector,
    app_registry,
    consumer_lag,
    exposition,
)
from shared.pages import init_pages
from shared.tenancy import leave_organisation

_CORRELATION_ID = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
ReadyCheck = Callable[[], bool]


def create_service_app(
    settings: Settings,
    title: str,
    engine: Engine,
    sessions: SessionChecks,
    import_name: str | None = None,
) -> tuple[Flask, Api]:
    """The service's Flask app with its pages layer; `sessions` answers whether a staff or
    participant session still counts (sign-outs, disabled accounts, roles now)."""
    if not settings.secret_key:  # never a key of the worker's own: the next could not read it
        raise ValueError("SECRET_KEY is empty: sessions and links cannot be signed")
    app = Flask(import_name or settings.service)
    app.config.update(
        SECRET_KEY=str(settings.secret_key),
        API_TITLE=title,
        API_VERSION="1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        JSON_SORT_KEYS=False,
    )
    api = Api(app)
    _log_exceptions_without_tokens(app)
    init_pages(app, settings)
    app.extensions[SESSION_CHECKS] = sessions
    # A worker thread serves one request after another: no organisation outlives its request.
    app.teardown_request(leave_organisation)
    _add_correlation_ids(app)
    _add_health(app, engine, settings.kafka_bootstrap_servers)
    _add_metrics(app, engine, settings)
    return app, api


def _log_exceptions_without_tokens(app: Flask) -> None:
    """Flask's "Exception on <path>" line, with any magic-link token in the path redacted."""

    def log_exception(exc_info: Any) -> None:
        path = redact(request.path)
        app.logger.error(f"Exception on {path} [{request.method}]", exc_info=exc_info)

    app.log_exception = log_exception  # type: ignore[method-assign]


def _add_correlation_ids(app: Flask) -> None:
    @app.before_request
    def bind_correlation_id() -> None:
        given = request.headers.get("X-Correlation-ID", "")
        g.correlation_id = given if _CORRELATION_ID.match(given) else str(uuid.uuid4())
        clear_contextvars()
        bind_contextvars(service=app.name, correlation_id=g.correlation_id)

    @app.after_request
    def echo_correlation_id(response: Response) -> Response:
        response.headers["X-Correlation-ID"] = g.get("correlation_id", "")
        return response


def _add_health(app: Flask, engine: Engine, bootstrap: str) -> None:
    broker_check = _cached(lambda: broker_answers(bootstrap, timeout_s=2.0), seconds=5.0)

    def database_answers() -> bool:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    @app.get("/health/live")
    def live() -> Response:
        return jsonify(status="ok")

    @app.get("/health/ready")
    def ready() -> tuple[Response, int]:
        checks = {"database": database_answers(), "kafka": broker_check()}
        ok = all(checks.values())
        body = {
            "status": "ok" if ok else "unavailable",
            "checks": {k: "ok" if v else "failing" for k, v in checks.items()},
        }
        return jsonify(body), 200 if ok else 503


def _add_metrics(app: Flask, engine: Engine, settings: Settings) -> None:
    """/metrics in Prometheus text format; nginx does not route it (internal scrapes only)."""
    registry, requests, latency = app_registry()
    live = CollectorRegistry()  # measured at scrape time, by whichever worker answers
    live.register(OutboxCollector(engine, settings.service))
    group = settings.consumer_group_prefix + settings.service
    bootstrap = settings.kafka_bootstrap_servers
    interval = settings.consumer_lag_interval_seconds
    live.register(LagReporter(group, lambda: consumer_lag(bootstrap, group), interval, lazy=True))
    live.register(InstanceInfo(settings.service, "web"))

    def start_timer() -> None:
        g.metrics_started = time.perf_counter()

    # First of all before_request functions, so requests that another one answers are timed too.
    app.before_request_funcs.setdefault(None, []).insert(0, start_timer)

    @app.after_request
    def count_request(response: Response) -> Response:
        started = g.get("metrics_started")
        if started is not None:
            # The URL rule, not the raw path: ids in paths would make a series per id.
            route = request.url_rule.rule if request.url_rule is not None else "<unmatched>"
            requests.labels(route, request.method, str(response.status_code)).inc()
            latency.labels(route, request.method).observe(time.perf_counter() - started)
        return response

    @app.get("/metrics")
    def metrics() -> Response:
        return Response(exposition(registry, live), content_type=CONTENT_TYPE_LATEST)


def _cached(check: ReadyCheck, seconds: float) -> ReadyCheck:
    """Remember a positive answer briefly so that frequent probes don't open a connection each."""
    last_ok = [0.0]

    def cached() -> bool:
        if time.monotonic() - last_ok[0] < seconds:
            return True
        ok = check()
        if ok:
            last_ok[0] = time.monotonic()
        return ok

    return cached


_BUS = "chorus.bus"


def install_bus(app: Flask, bus: MessageBus) -> None:
    """The service's bus, which create_app was given or built: its views reach it below."""
    app.extensions[_BUS] = bus


def current_bus(app: Flask | None = None) -> MessageBus:
    """The app's bus (the current app's, inside a request)."""
    return (app or current_app).extensions[_BUS]  # type: ignore[no-any-return]


def unit_of_work() -> Any:
    """A fresh unit of work from the app's bus, for the views that read."""
    return current_bus().uow_factory()
