"""The PostgreSQL relay's claims: its buckets locked for one batch, and rows filed in buckets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, select, update

from shared.bus.buckets import bucket_from_lease, bucket_of
from shared.bus.tables import bus_leases, outbox


def lock_held_buckets(conn: Connection, holder: str, names: Iterable[str]) -> list[int]:
    """Lock the rows of those leases that are still ours and unexpired, for this transaction.

    While locked, no other relay can take them over (its compare-and-set skips locked rows),
    so the rows of these buckets are published by this transaction alone. Returns the buckets."""
    query = (
        select(bus_leases.c.name)
        .where(
            bus_leases.c.name.in_(list(names)),
            bus_leases.c.holder == holder,
            bus_leases.c.expires_at > datetime.now(UTC),
        )
        .with_for_update(skip_locked=True)
    )
    return sorted(bucket_from_lease(name) for name in conn.execute(query).scalars())


def file_unbucketed(engine: Engine, limit: int = 1000) -> int:
    """Give unsent rows written without a bucket (by code older than bus schema 2, during a
    rolling upgrade) their bucket, so their bucket's holder publishes them."""
    with engine.begin() as conn:
        rows = conn.execute(
            select(outbox.c.id, outbox.c.key)
            .where(outbox.c.sent_at.is_(None), outbox.c.bucket.is_(None))
            .limit(limit)
        ).all()
        by_bucket: dict[int, list[int]] = defaultdict(list)
        for id_, key in rows:
            by_bucket[bucket_of(key)].append(id_)
        for bucket, ids in by_bucket.items():
            conn.execute(update(outbox).where(outbox.c.id.in_(ids)).values(bucket=bucket))
    return len(rows)
