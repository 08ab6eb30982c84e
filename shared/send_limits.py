"""How often a stranger's request may make Chorus send something: per recipient (a phone number
or email address) and per client address, counted in the service's own database so that the
limit holds across gunicorn workers and across instances.

A row is keyed by an HMAC (SECRET_KEY) of what is counted, never the number or address itself:
the table holds nothing that names anyone, so erasure has nothing to find here. One atomic
upsert per request (PostgreSQL and SQLite both run `INSERT … ON CONFLICT … RETURNING` as one
statement), so two workers asking at once cannot both take the last place.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog
from sqlalchemy import BigInteger, Column, Integer, MetaData, String, Table, text

from shared.metrics import LIMITED

log = structlog.get_logger("limits")

send_limits_metadata = MetaData()

send_limits = Table(
    "send_limits",
    send_limits_metadata,
    Column("key", String(64), primary_key=True),  # hex HMAC-SHA256 of "<limit>:<who>"
    Column("window_start", BigInteger, nullable=False, index=True),  # epoch seconds
    Column("used", Integer, nullable=False),
)


@dataclass(frozen=True)
class Limit:
    name: str
    most: int
    window: timedelta


# Magic links, sign-up welcomes and "you are already signed up" links to one phone or inbox.
PER_RECIPIENT = Limit("recipient", 3, timedelta(minutes=15))
# Requests that send something, or try a password, from one client address (behind nginx's own).
PER_ADDRESS = Limit("address", 30, timedelta(minutes=10))

_TAKE = text(
    """
    INSERT INTO send_limits (key, window_start, used) VALUES (:key, :now, 1)
    ON CONFLICT (key) DO UPDATE SET
      used = CASE WHEN send_limits.window_start <= :expired THEN 1
                  ELSE send_limits.used + 1 END,
      window_start = CASE WHEN send_limits.window_start <= :expired THEN :now
                          ELSE send_limits.window_start END
    RETURNING used, window_start
    """
)
_FORGET_OLD = text("DELETE FROM send_limits WHERE window_start <= :expired")


@dataclass(frozen=True)
class Taken:
    allowed: bool
    retry_after: int  # seconds until the window ends (0 when allowed)


class SendLimits:
    """The limits over one database session (the caller's transaction, so SQLite's single
    writer is never waited for twice)."""

    def __init__(self, session: object, secret: str) -> None:
        self.session = session
        self.secret = secret.encode()

    def key(self, limit: Limit, who: str) -> str:
        return hmac.new(self.secret, f"{limit.name}:{who}".encode(), hashlib.sha256).hexdigest()

    def take(self, limit: Limit, who: str, now: datetime) -> Taken:
        """Count one more against `who`; allowed while at most `limit.most` in the window."""
        seconds = int(now.timestamp())
        expired = seconds - int(limit.window.total_seconds())
        params = {"key": self.key(limit, who), "now": seconds, "expired": expired}
        used, started = self.session.execute(_TAKE, params).one()  # type: ignore[attr-defined]
        self.session.execute(_FORGET_OLD, {"expired": expired - 86400})  # type: ignore[attr-defined]
        if used <= limit.most:
            return Taken(True, 0)
        LIMITED.labels(limit=limit.name).inc()
        log.warning("limit.refused", limit=limit.name, used=used, most=limit.most)
        return Taken(False, max(1, int(started) + int(limit.window.total_seconds()) - seconds))
