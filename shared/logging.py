"""Structured JSON logs to stdout, carrying correlation and event ids across services."""

from __future__ import annotations

import logging
import sys

import structlog
from structlog.contextvars import bind_contextvars, clear_contextvars, get_contextvars

__all__ = [
    "bind_contextvars",
    "clear_contextvars",
    "configure_logging",
    "current_correlation_id",
    "get_contextvars",
]


def configure_logging(service: str, level: str = "INFO") -> None:
    logging.basicConfig(format="%(message)s", stream=sys.stdout, level=level)
    # kafka-python is chatty at INFO about every reconnect; keep its warnings only.
    logging.getLogger("kafka").setLevel(logging.WARNING)
    # twilio's SDK logs every request's headers at INFO.
    logging.getLogger("twilio").setLevel(logging.WARNING)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.PrintLoggerFactory(sys.stdout),
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.bind_contextvars(service=service)


def current_correlation_id() -> str | None:
    return get_contextvars().get("correlation_id")
