"""Refused webhook requests, counted and (a few an hour) detailed, in the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from services.notifications.adapters.orm import webhook_rejections
from shared.webhook_rejections import record_rejection


class SqlAlchemyWebhookRejections:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, path: str, reason: str, now: datetime, client_address: str | None) -> None:
        conn = self.session.connection()
        detail = webhook_rejections.insert().values(
            at=now, path=path, reason=reason, client_address=client_address
        )
        record_rejection(conn, path, reason, now, webhook_rejections, lambda: conn.execute(detail))
