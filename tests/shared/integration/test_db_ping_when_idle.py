"""PostgreSQL engines ping a pooled connection only when it has been idle: a busy one is used
as it is (a round trip saved on every checkout), and an idle one whose server end has gone is
replaced before the caller sees it, as pool_pre_ping would."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError

from shared.db import make_engine, ping_when_idle
from tests.support import POSTGRES_URL

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


@pytest.fixture
def engine() -> Iterator[Engine]:
    engine = make_engine(POSTGRES_URL)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        pytest.fail(f"PostgreSQL is not answering at {POSTGRES_URL} (`make test` starts it): {exc}")
    yield engine
    engine.dispose()


def backend_pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT pg_backend_pid()")).scalar_one()


def kill(pid: int) -> None:
    other = make_engine(POSTGRES_URL)
    try:
        with other.connect() as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
    finally:
        other.dispose()


def pings_counted(engine: Engine) -> list[str]:
    statements: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _seen(_conn, _cursor, statement, *_rest) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    return statements


def test_a_connection_back_in_the_pool_a_moment_ago_is_not_pinged(engine: Engine) -> None:
    backend_pid(engine)  # the pool now holds one connection, just returned
    statements = pings_counted(engine)
    backend_pid(engine)
    assert statements == ["SELECT pg_backend_pid()"]  # no ping went before it


def test_an_idle_connection_whose_server_end_died_is_replaced_unseen() -> None:
    engine = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://"))
    ping_when_idle(engine, idle=0.2)
    try:
        first = backend_pid(engine)
        kill(first)  # as a PostgreSQL restart or failover would
        time.sleep(0.3)
        # The checkout pings the idle connection, finds it dead and makes a new one: no error.
        assert backend_pid(engine) != first
    finally:
        engine.dispose()


def test_a_busy_connection_whose_server_end_died_fails_once_then_the_pool_recovers(
    engine: Engine,
) -> None:
    first = backend_pid(engine)
    kill(first)
    with pytest.raises(DBAPIError) as failed:
        backend_pid(engine)  # used a moment ago: not pinged, so this one statement fails
    assert failed.value.connection_invalidated  # seen as a disconnect: the pool is recycled
    assert backend_pid(engine) != first  # and the pool has dropped it
