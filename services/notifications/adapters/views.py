"""Read models: plain rows for pages and APIs, not domain objects (cosmicpython's views)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services.notifications.adapters.orm import messages


def messages_to(uow: Any, address: str) -> list[dict[str, Any]]:
    """Every message to one phone number or email address, oldest first."""
    query = select(messages).where(messages.c.to == address).order_by(messages.c.created_at)
    return [dict(row) for row in uow.session.execute(query).mappings()]
