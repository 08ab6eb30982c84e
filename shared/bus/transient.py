"""Which failures say nothing about the event: the database or the broker was away for a while.

An event that fails with one of these is retried, for as long as it takes, with its partition
paused so nothing after it is handled first. Anything else is the event's own fault (invalid for
what it claims, a domain rule it breaks) and goes to the dead-letter topic after a few tries.
"""

from __future__ import annotations

import sqlite3

from kafka.errors import KafkaError
from sqlalchemy import exc as sa

_TRANSIENT: tuple[type[BaseException], ...] = (
    sa.OperationalError,  # "database is locked", connection refused or lost, server restarting
    sa.InterfaceError,
    sa.DisconnectionError,
    sa.TimeoutError,  # no connection free in the pool
    sqlite3.OperationalError,
    ConnectionError,
    TimeoutError,
    KafkaError,  # the dead-letter topic could not be written
)
try:
    import psycopg

    _TRANSIENT += (psycopg.OperationalError, psycopg.InterfaceError)
except ImportError:  # SQLite-only installs
    pass


def is_transient(error: BaseException) -> bool:
    """True when the error, or one it was raised from, is a passing outage."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, _TRANSIENT):
            return True
        if isinstance(current, sa.DBAPIError) and current.connection_invalidated:
            return True
        current = current.__cause__ or current.__context__
    return False
