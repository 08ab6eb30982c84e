"""The outbox and inbox tables that every service keeps in its own database."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from shared.db import UtcDateTime

bus_metadata = MetaData()

# Rows are written in the same transaction as the state change they announce; the relay
# publishes them in id order and stamps sent_at only after the broker acknowledged them.
outbox = Table(
    "outbox",
    bus_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("topic", String(200), nullable=False),
    Column("key", String(200), nullable=False),
    Column("event_type", String(100), nullable=False),
    Column("payload", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("sent_at", UtcDateTime, nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text, nullable=True),
    Index("ix_outbox_unsent", "sent_at", "id"),
)

# One row per (consumer group, event id) handled; the primary key makes a second
# delivery fail at insert time instead of relying on read-then-insert.
inbox = Table(
    "inbox",
    bus_metadata,
    Column("consumer", String(100), nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("event_type", String(100), nullable=False),
    Column("handled_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("consumer", "event_id", name="pk_inbox"),
)


def create_bus_tables(op) -> None:  # type: ignore[no-untyped-def]
    """Alembic helper: create both tables, exactly as declared above (bus schema 1)."""
    for table in (outbox, inbox):
        columns = [column._copy() for column in table.columns]
        constraints = [
            c._copy() for c in table.constraints if isinstance(c, PrimaryKeyConstraint) and c.name
        ]
        op.create_table(table.name, *columns, *constraints)
        for index in table.indexes:
            op.create_index(index.name, table.name, [c.name for c in index.columns])


def drop_bus_tables(op) -> None:  # type: ignore[no-untyped-def]
    op.drop_table("inbox")
    op.drop_table("outbox")
