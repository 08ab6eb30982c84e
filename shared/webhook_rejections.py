"""Webhook calls refused for a missing or bad signature: every one is logged and counted (the
`chorus_webhook_rejections_total` metric and one row per path, reason and minute), but only the
first DETAILED_PER_HOUR of an hour get a detailed row of their own, so a flood of unsigned
requests cannot fill the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import structlog
from sqlalchemy import BigInteger, Column, Integer, MetaData, String, Table, func, select, text

from shared.metrics import WEBHOOK_REJECTIONS

log = structlog.get_logger("webhooks")
DETAILED_PER_HOUR = 20

webhook_rejections_metadata = MetaData()

webhook_rejection_counts = Table(
    "webhook_rejection_counts",
    webhook_rejections_metadata,
    Column("minute", BigInteger, primary_key=True),  # epoch seconds at the start of the minute
    Column("path", String(200), primary_key=True),
    Column("reason", String(200), primary_key=True),
    Column("refused", Integer, nullable=False),
)

_COUNT = text(
    """
    INSERT INTO webhook_rejection_counts (minute, path, reason, refused)
    VALUES (:minute, :path, :reason, 1)
    ON CONFLICT (minute, path, reason) DO UPDATE
    SET refused = webhook_rejection_counts.refused + 1
    """
)


def record_rejection(
    conn: object,
    path: str,
    reason: str,
    now: datetime,
    detailed: Table,
    insert_detail: Callable[[], None],
) -> None:
    """Count this refusal (in the caller's transaction) and, while this hour has had fewer than
    DETAILED_PER_HOUR, keep its details too (`insert_detail`, into `detailed`, which has `at`)."""
    path, reason = path[:200], reason[:200]
    WEBHOOK_REJECTIONS.labels(path=path, reason=reason).inc()
    log.warning("webhook.refused", path=path, reason=reason)
    minute = int(now.timestamp()) // 60 * 60
    conn.execute(_COUNT, {"minute": minute, "path": path, "reason": reason})  # type: ignore[attr-defined]
    hour = now.replace(minute=0, second=0, microsecond=0)
    kept = conn.execute(  # type: ignore[attr-defined]
        select(func.count()).select_from(detailed).where(detailed.c.at >= hour)
    ).scalar_one()
    if kept < DETAILED_PER_HOUR:
        insert_detail()


def refused_since(conn: object, since: datetime) -> int:
    """How many refusals were counted from `since` (rounded down to its minute)."""
    minute = int((since - timedelta(seconds=since.second)).timestamp()) // 60 * 60
    total = conn.execute(  # type: ignore[attr-defined]
        select(func.coalesce(func.sum(webhook_rejection_counts.c.refused), 0)).where(
            webhook_rejection_counts.c.minute >= minute
        )
    ).scalar_one()
    return int(total)
