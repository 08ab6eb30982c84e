"""A "sessions issued before this moment no longer count" table, one row per person: the
shape of both staff_sessions and participant_sessions in every service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Engine, MetaData, String, Table, select

from shared.db import UtcDateTime


def stamps_table(name: str, key: str, metadata: MetaData) -> Table:
    return Table(
        name,
        metadata,
        Column(key, String(36), primary_key=True),
        Column("valid_after", UtcDateTime, nullable=False),
    )


def _key(table: Table) -> Column:
    return next(iter(table.primary_key.columns))


def advance(session: Any, table: Table, key: str, moment: datetime) -> None:
    """Move the moment forward, never back: an older event redelivered late must not undo a
    newer one."""
    column = _key(table)
    current = session.execute(select(table.c.valid_after).where(column == key)).scalar_one_or_none()
    if current is None:
        session.execute(table.insert().values({column.name: key, "valid_after": moment}))
    elif moment > current:
        session.execute(table.update().where(column == key).values(valid_after=moment))


def lookup(engine: Engine, table: Table) -> Callable[[str], datetime | None]:
    column = _key(table)

    def valid_after(key: str) -> datetime | None:
        with engine.connect() as conn:
            query = select(table.c.valid_after).where(column == key)
            return conn.execute(query).scalar_one_or_none()

    return valid_after


def create_table(op: Any, table: Table) -> None:
    """Alembic helper, as shared.bus.tables.create_bus_tables."""
    op.create_table(table.name, *[column._copy() for column in table.columns])
