"""Scheduling's tables, one module per feature, all on the one metadata (Alembic reads it
through adapters/orm.py's target_metadata)."""

from __future__ import annotations

from sqlalchemy import Dialect, MetaData, String, TypeDecorator


class CodeTuple(TypeDecorator[tuple[str, ...]]):
    """A tuple of short codes kept as 'a,b,c' (codes never contain commas)."""

    impl = String(200)
    cache_ok = True

    def process_bind_param(self, value: tuple[str, ...] | None, dialect: Dialect) -> str:
        return ",".join(value or ())

    def process_result_value(self, value: str | None, dialect: Dialect) -> tuple[str, ...]:
        return tuple(code for code in (value or "").split(",") if code)


metadata = MetaData()
