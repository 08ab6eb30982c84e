"""Forgetting what the bus no longer needs, so that the outbox and inbox do not grow for ever.

A published outbox row is kept a week (as Kafka keeps the event: enough to see what went out);
an unsent one is never pruned. An inbox row is kept 30 days: longer than a topic keeps its
events (7 days) and a dead-letter topic its own (14), so a redelivery or a replay from either
is still recognised as a duplicate. At a national programme's million events a day, the two
tables would otherwise grow by about a gigabyte a day (docs/operations.md, capacity plan).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import structlog
from sqlalchemy import Delete, Engine, delete, select, tuple_

from shared.bus.tables import inbox, outbox

log = structlog.get_logger("bus")

OUTBOX_KEEP = timedelta(days=7)
INBOX_KEEP = timedelta(days=30)
# Rows deleted per transaction: short transactions, so relays and consumers never wait long.
CHUNK = 5_000


def prune(engine: Engine, now: datetime, chunk: int = CHUNK) -> tuple[int, int]:
    """Delete published outbox rows and inbox rows past keeping; returns how many of each."""
    published = outbox.c.sent_at < now - OUTBOX_KEEP  # NULL (unsent) is never older
    old_outbox = select(outbox.c.id).where(published).limit(chunk)
    old_inbox = (
        select(inbox.c.consumer, inbox.c.event_id)
        .where(inbox.c.handled_at < now - INBOX_KEEP)
        .limit(chunk)
    )
    outbox_gone = _in_chunks(engine, delete(outbox).where(outbox.c.id.in_(old_outbox)))
    inbox_key = tuple_(inbox.c.consumer, inbox.c.event_id)
    inbox_gone = _in_chunks(engine, delete(inbox).where(inbox_key.in_(old_inbox)))
    if outbox_gone or inbox_gone:
        log.info("bus.pruned", outbox_rows=outbox_gone, inbox_rows=inbox_gone)
    return outbox_gone, inbox_gone


def _in_chunks(engine: Engine, statement: Delete) -> int:
    """Run the chunk-limited delete, a transaction each time, until it deletes nothing."""
    total = 0
    while True:
        with engine.begin() as conn:
            gone = conn.execute(statement).rowcount
        total += gone
        if gone == 0:
            return total
