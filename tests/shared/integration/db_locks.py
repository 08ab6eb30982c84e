"""Another connection holding locks on a real database, as a busy neighbour would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine


@contextmanager
def rows_held(engine: Engine, table: str) -> Iterator[None]:
    """PostgreSQL: hold every row of `table` locked (FOR UPDATE) for the block."""
    raw = engine.raw_connection()
    try:
        raw.cursor().execute(f"SELECT id FROM {table} FOR UPDATE")
        yield
    finally:
        raw.rollback()
        raw.close()
