"""Emails queued straight into notifications' database, and counted where they arrive (Mailpit),
for the tests of sending: scaled dispatchers, SMTP blips."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime

import requests
from sqlalchemy import Engine, select

from services.notifications.adapters.orm import messages
from services.notifications.bootstrap import uow_factory
from services.notifications.domain.model import Message
from tests.support import MAILPIT_API


def queue_emails(engine: Engine, count: int, tag: str) -> list[str]:
    """`count` emails due now, to `<tag>-<n>@example.org`, each with the tag in its subject."""
    uows, now = uow_factory(engine), datetime.now(UTC)
    with uows() as uow:
        queued = [
            Message(
                str(uuid.uuid4()),
                str(uuid.uuid4()),
                "welcome",
                "email",
                f"{tag}-{n}@example.org",
                f"Hello {tag} {n}",
                "Plain words",
                "",
                now,
            )
            for n in range(count)
        ]
        for message in queued:
            uow.messages.add(message)
        uow.commit()
    return [m.id for m in queued]


def arrived(tag: str) -> Counter[str]:
    """How many emails Mailpit holds for each of the tag's addresses."""
    found = requests.get(
        f"{MAILPIT_API}/search", params={"query": f'subject:"{tag}"', "limit": 5000}, timeout=10
    ).json()["messages"]
    return Counter(to["Address"] for m in found for to in m["To"])


def statuses(engine: Engine, tag: str = "") -> Counter[str]:
    """The messages' statuses: the tag's only, when given (a consumer on the shared topics may
    also hear other tests' sign-ups and queue messages of its own)."""
    query = select(messages.c.status)
    if tag:
        query = query.where(messages.c.to.like(f"{tag}-%"))
    with engine.connect() as conn:
        return Counter(conn.execute(query).scalars())
