"""Old bus rows are pruned and nothing else: published outbox rows after a week (never an
unsent one), inbox rows after 30 days; on a migrated SQLite file and PostgreSQL schema."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select

from shared.bus.prune import prune
from shared.bus.tables import inbox, outbox
from shared.db import make_engine
from shared.migrations import upgrade
from tests.support import postgres_schema

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """Payments' database at its newest schema (any service's bus tables are the same)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'payments.db'}"
        upgrade("services.payments.adapters:migrations", url)
        engine = make_engine(url)
        yield engine
        engine.dispose()
        return
    with postgres_schema("prune") as url:
        upgrade("services.payments.adapters:migrations", url)
        engine = make_engine(url)
        try:
            yield engine
        finally:
            engine.dispose()


def outbox_row(key: str, created: datetime, sent: datetime | None) -> dict[str, object]:
    return {
        "event_id": str(uuid.uuid4()),
        "topic": "payments.entitlement",
        "key": key,
        "bucket": 1,
        "event_type": "EntitlementApproved",
        "payload": "{}",
        "created_at": created,
        "sent_at": sent,
        "attempts": 0,
    }


def test_only_rows_past_keeping_go(engine: Engine) -> None:
    day = timedelta(days=1)
    rows = [
        *(outbox_row(f"old-{n}", NOW - 9 * day, NOW - 8 * day) for n in range(5)),
        outbox_row("recent", NOW - 2 * day, NOW - day),
        outbox_row("never-sent", NOW - 40 * day, None),  # the relay still owes it
    ]
    handled = [
        *({"event_id": str(uuid.uuid4()), "handled_at": NOW - 31 * day} for _ in range(5)),
        {"event_id": "recent", "handled_at": NOW - 29 * day},
    ]
    with engine.begin() as conn:
        conn.execute(insert(outbox), rows)
        conn.execute(
            insert(inbox), [{"consumer": "payments", "event_type": "X", **row} for row in handled]
        )

    assert prune(engine, NOW, chunk=2) == (5, 5)  # in chunks of two

    with engine.connect() as conn:
        assert sorted(conn.execute(select(outbox.c.key)).scalars()) == ["never-sent", "recent"]
        assert list(conn.execute(select(inbox.c.event_id)).scalars()) == ["recent"]
    assert prune(engine, NOW) == (0, 0)
