"""Staging events in the outbox, inside the caller's database transaction."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, or_
from sqlalchemy.orm import Session

from shared.bus.tables import outbox
from shared.events import envelope as env
from shared.events.registry import contract, dump_data
from shared.logging import get_contextvars


def new_envelope(
    producer: str, type_: str, version: int, key: str, data: dict[str, Any]
) -> env.Envelope:
    """Build a validated envelope; correlation and causation come from the current context."""
    context = get_contextvars()
    return env.Envelope(
        type=type_,
        version=version,
        producer=producer,
        key=key,
        data=dump_data(type_, version, data),
        correlation_id=context.get("correlation_id") or str(uuid.uuid4()),
        causation_id=context.get("event_id"),
    )


def stage(session: Session | Connection, envelope: env.Envelope, table: Table = outbox) -> None:
    """Add the envelope to the outbox; it is published only if the transaction commits.
    A migration passes its Alembic connection, and, if older than bus schema 2,
    `table=tables.outbox_schema_1` (no bucket)."""
    topic = contract(envelope.type, envelope.version).topic
    payload = env.encode(envelope).decode()
    _insert(session, envelope.id, topic, envelope.key, envelope.type, payload, table)


def stage_many(session: Session, envelopes: list[env.Envelope]) -> None:
    """stage() for each, in one statement (executemany, rows in this order): a transaction
    recording many sends stages an event for each."""
    rows = [outbox_row(e) for e in envelopes]
    if rows:  # one row (the usual case) as a plain execute: a list of one is an executemany
        session.connection().execute(INSERT_ROW, rows[0] if len(rows) == 1 else rows)


def outbox_row(envelope: env.Envelope) -> dict[str, Any]:
    """The envelope as INSERT_ROW's parameters (an adapter that writes its row in the same
    statement as its own, as the booking desk does, uses this)."""
    topic = contract(envelope.type, envelope.version).topic
    return _row(envelope.id, topic, envelope.key, envelope.type, env.encode(envelope).decode())


TOMBSTONE = "tombstone"


def stage_tombstone(session: Session, topic: str, key: str) -> None:
    """Stage a null value for `key` on a compacted topic: compaction then drops every earlier
    record under that key, which is how erasure reaches the log itself."""
    _insert(session, str(uuid.uuid4()), topic, key, TOMBSTONE, "")


def forget_staged(session: Session, event_types: list[str], needles: list[str | None]) -> None:
    """Erasure: delete outbox rows of these personal-data event types whose payload holds any
    of `needles` (a participant id, a number). Published rows were on the broker already (the
    topic's retention or a tombstone forgets them there); unpublished ones must not go out."""
    held = or_(*(outbox.c.payload.contains(n, autoescape=True) for n in needles if n))
    session.execute(outbox.delete().where(outbox.c.event_type.in_(event_types), held))


# One statement for every row (values as parameters), so its compiled form is cached once.
# inline(): no RETURNING of the new row's id on PostgreSQL, which nothing reads (a result set
# to fetch and process on every write's path).
INSERT_ROW = outbox.insert().inline()


def _insert(
    session: Session | Connection,
    event_id: str,
    topic: str,
    key: str,
    event_type: str,
    payload: str,
    table: Table = outbox,
) -> None:
    # On the transaction's connection: the ORM's own execute adds a flush check and more per
    # row, and staging is on every write's path (booking's hot path above all).
    # The bucket (bus schema 2) comes from the key: outbox's column default, bucket_of(key).
    statement = INSERT_ROW if table is outbox else table.insert()
    connection = session.connection() if isinstance(session, Session) else session
    connection.execute(statement, _row(event_id, topic, key, event_type, payload))


def _row(event_id: str, topic: str, key: str, event_type: str, payload: str) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "topic": topic,
        "key": key,
        "event_type": event_type,
        "payload": payload,
        "created_at": datetime.now(UTC),
        "attempts": 0,
    }
