"""Database engines: one per service, built at start-up, never at import time."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import DateTime, Dialect, Engine, Table, TypeDecorator, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, registry, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    engine = create_engine(url)
    ping_when_idle(engine)
    return engine


# A connection back in the pool this recently is taken to be alive (a restart in the meantime
# fails that one statement, and SQLAlchemy then recycles every older connection); pinging on
# every checkout, as pool_pre_ping does, was a round trip on each booking (bench/booking.py).
IDLE_BEFORE_PING_SECONDS = 1.0


def ping_when_idle(engine: Engine, idle: float = IDLE_BEFORE_PING_SECONDS) -> None:
    """pool_pre_ping for connections idle longer than `idle` seconds only: a dead one is
    replaced before the caller sees it (the pool retries the checkout)."""

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi: object, record: ConnectionPoolEntry) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi: object, record: ConnectionPoolEntry, _proxy: PoolProxiedConnection) -> None:
        returned = record.info.get("returned_at")
        if returned is None or time.monotonic() - returned < idle:
            return  # new, or busy a moment ago
        try:
            engine.dialect.do_ping(dbapi)
        except Exception as error:  # any failure: the pool makes a new connection
            raise exc.DisconnectionError() from error


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # The web, relay and consumer processes share one file: WAL lets readers run beside the
    # single writer, and busy_timeout makes a writer wait instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def sqlite_write_lock(db: Session) -> None:
    """Take SQLite's one write lock now, before this transaction reads what it will change.

    SQLite ignores FOR UPDATE, and pysqlite reads outside any transaction until the first
    write: two transactions would both read "pending" and both commit their decision.
    BEGIN IMMEDIATE makes the second wait (busy_timeout) until the first commits, then read.
    Elsewhere (PostgreSQL) FOR UPDATE does this and this does nothing."""
    if db.get_bind().dialect.name != "sqlite":
        return
    connection = db.connection()
    if not connection.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every database (SQLite drops the offset otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store times in UTC with tzinfo")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def imperative_mapper(tables: dict[type, Table]) -> Callable[[], None]:
    """start_mappers() for a service: maps each domain class onto its table once (mapping twice
    is an error, and apps and tests may all call it), and gives every object loaded from the
    database an empty `events` list, as the domain's constructors do."""
    mapper_registry = registry()

    def give_events(target: object, _context: object) -> None:
        target.events = []  # type: ignore[attr-defined]

    @functools.cache
    def start_mappers() -> None:
        for cls, table in tables.items():
            mapper_registry.map_imperatively(cls, table)
            event.listen(cls, "load", give_events)

    return start_mappers
