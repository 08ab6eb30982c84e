"""The outbox and inbox tables that every service keeps in its own database, and the leases
and schedule that let several instances of its relay and consumer share the work (bus schema 2)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Column,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    column,
    select,
    update,
)

from shared.bus.buckets import bucket_of
from shared.db import UtcDateTime

bus_metadata = MetaData()


def _outbox_columns() -> list[Column[Any]]:
    return [
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
    ]


def _bucket_default(context: Any) -> int:
    return bucket_of(context.get_current_parameters()["key"])


# Rows are written in the same transaction as the state change they announce; the relay
# publishes them in id order and stamps sent_at only after the broker acknowledged them.
# `bucket` (bus schema 2) is filled from the key at insert; NULL only on rows written by code
# older than schema 2, which a relay files before it publishes (shared/bus/relay_claims.py).
outbox = Table(
    "outbox",
    bus_metadata,
    *_outbox_columns(),
    Column("bucket", Integer, nullable=True, default=_bucket_default),
    Index("ix_outbox_unsent", "sent_at", "id"),
    # Each relay asks for the unsent rows of its buckets: only unsent rows are indexed.
    Index(
        "ix_outbox_unsent_bucket",
        "bucket",
        "id",
        postgresql_where=column("sent_at").is_(None),
        sqlite_where=column("sent_at").is_(None),
    ),
)

# The outbox as bus schema 1 created it: what migrations older than schema 2 write to.
outbox_schema_1 = Table(
    "outbox", MetaData(), *_outbox_columns(), Index("ix_outbox_unsent", "sent_at", "id")
)

# A lease: `holder` (an instance id) has `name` until `expires_at`, unless it renews it.
# Taken and renewed by compare-and-set (shared/bus/leases.py), so it moves when a holder dies.
bus_leases = Table(
    "bus_leases",
    bus_metadata,
    Column("name", String(250), primary_key=True),  # relay-member:<holder> too
    Column("holder", String(200), nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
)

# Scheduled work shared by a service's instances: whoever moves next_run_at on runs the job
# (shared/periodic.py once_across_instances).
bus_schedule = Table(
    "bus_schedule",
    bus_metadata,
    Column("name", String(100), primary_key=True),
    Column("next_run_at", UtcDateTime, nullable=False),
    Column("ran_by", String(200), nullable=False),
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
    # Bus schema 3: old rows are pruned by age (shared/bus/prune.py).
    Index("ix_inbox_handled_at", "handled_at"),
)


def _create(op: Any, table: Table) -> None:
    columns = [column._copy() for column in table.columns]
    constraints = [
        c._copy() for c in table.constraints if isinstance(c, PrimaryKeyConstraint) and c.name
    ]
    op.create_table(table.name, *columns, *constraints)


def create_bus_tables(op: Any) -> None:
    """Alembic helper: create the outbox and inbox of bus schema 1 (each service's 0001).
    Bus schemas 2 and 3 come with upgrade_bus_tables_to_2 and _3, in later migrations."""
    for table in (outbox_schema_1, inbox):
        _create(op, table)
        for index in table.indexes:
            if index.name != "ix_inbox_handled_at":  # bus schema 3's
                op.create_index(index.name, table.name, [c.name for c in index.columns])


def upgrade_bus_tables_to_2(op: Any) -> None:
    """Alembic helper, bus schema 2: the outbox's bucket (filled in for unsent rows), its
    index, and the leases and schedule tables, as declared above."""
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(Column("bucket", Integer, nullable=True))
    unsent = select(outbox.c.id, outbox.c.key).where(outbox.c.sent_at.is_(None))
    bind = op.get_bind()
    for id_, key in bind.execute(unsent).all():
        bind.execute(update(outbox).where(outbox.c.id == id_).values(bucket=bucket_of(key)))
    op.create_index(
        "ix_outbox_unsent_bucket",
        "outbox",
        ["bucket", "id"],
        postgresql_where=column("sent_at").is_(None),
        sqlite_where=column("sent_at").is_(None),
    )
    for table in (bus_leases, bus_schedule):
        _create(op, table)


def downgrade_bus_tables_from_2(op: Any) -> None:
    op.drop_table("bus_schedule")
    op.drop_table("bus_leases")
    op.drop_index("ix_outbox_unsent_bucket", table_name="outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("bucket")


def upgrade_bus_tables_to_3(op: Any) -> None:
    """Alembic helper, bus schema 3: the inbox's rows can be found by age, to prune them."""
    op.create_index("ix_inbox_handled_at", "inbox", ["handled_at"])


def downgrade_bus_tables_from_3(op: Any) -> None:
    op.drop_index("ix_inbox_handled_at", table_name="inbox")


def drop_bus_tables(op: Any) -> None:
    op.drop_table("inbox")
    op.drop_table("outbox")
