"""The erasure walk: every cell of every table of a database, searched for a person's traces.

Generic on purpose: it asks the database which tables and columns exist (SQLAlchemy inspect),
so a table added tomorrow (an outbox, an inbox, a projection, a staff task) is searched too.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from sqlalchemy import create_engine, inspect, text


def as_text(value: object) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def every_value(database_url: str) -> Iterable[tuple[str, str, str]]:
    """(table, column, value as text) for every non-null cell of every table in the database."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            inspector = inspect(conn)
            for name in inspector.get_table_names():
                columns = [c["name"] for c in inspector.get_columns(name)]
                quoted = ", ".join(f'"{c}"' for c in columns)
                for row in conn.execute(text(f'SELECT {quoted} FROM "{name}"')):
                    for column, value in zip(columns, row, strict=True):
                        if value is not None:
                            yield name, column, as_text(value)
    finally:
        engine.dispose()


def phone_forms(e164: str) -> list[str]:
    national = "0" + e164.removeprefix("+44")
    return [e164, e164.removeprefix("+"), national, f"{national[:5]} {national[5:]}"]


def traces(databases: dict[str, str], needles: list[str]) -> list[str]:
    """'service.table.column holds <needle>' for every cell that still holds a needle."""
    wanted = [n.casefold() for n in needles]
    found = set()
    for service, url in databases.items():
        for name, column, value in every_value(url):
            folded = value.casefold()
            found |= {f"{service}.{name}.{column} holds {n}" for n in wanted if n in folded}
    return sorted(found)


def wait_until_no_trace(databases: dict[str, str], needles: list[str], timeout: float = 90) -> None:
    """Erasure travels by events: wait for it, then name every column still holding a needle."""
    deadline = time.monotonic() + timeout
    while (left := traces(databases, needles)) and time.monotonic() < deadline:
        time.sleep(1)
    assert not left, "erasure left these behind:\n" + "\n".join(left)
