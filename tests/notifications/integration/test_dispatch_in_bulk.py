"""Resolving, claiming and recording outcomes take rows in bulk: the statements they send to the
real database do not grow with the number of rows (a fan-out of 10,000 must not cost a query, nor
a write transaction, per person)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, text

from services.notifications.bootstrap import uow_factory
from services.notifications.dev_outbox.adapters import OutboxEmailSender, OutboxSmsSender
from services.notifications.dispatch.service_layer.dispatcher import Dispatcher
from services.notifications.domain.model import Contact, Notification
from services.notifications.messages.adapters.templates import FileTemplates
from tests.support import migrated_engine


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = migrated_engine("notifications", tmp_path)
    yield engine
    engine.dispose()


def owe_invitations(engine: Engine, count: int) -> None:
    uows, now = uow_factory(engine), datetime.now(UTC)
    with uows() as uow:
        for i in range(count):
            pid = str(uuid.uuid4())
            uow.contacts.save(Contact(pid, f"P{i}", f"+4479{i:08d}", None, "sms", "en"))
            details = {"activity_title": "GP visits", "respond_by": None, "paid": None}
            uow.notifications.add(
                Notification(pid, "invitation", str(uuid.uuid4()), now, details=details)
            )
        uow.commit()
    with engine.begin() as conn:  # signed up long ago
        conn.execute(text("INSERT INTO sign_ups SELECT participant_id, true FROM contacts"))


def statements(engine: Engine, work: object) -> int:
    sent: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        work()  # type: ignore[operator]
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(sent)


def dispatcher(engine: Engine) -> Dispatcher:
    return Dispatcher(
        uow_factory(engine),
        FileTemplates(),
        OutboxSmsSender(),  # nothing leaves: each "send" only answers with a reference
        OutboxEmailSender(),
        links=lambda link_id, purpose: "",
        quiet_hours=None,
        batch=100,
    )


@pytest.mark.parametrize("step", ["resolve", "claim", "send"])
def test_statements_do_not_grow_with_the_rows(engine: Engine, step: str) -> None:
    counts = []
    for rows in (5, 40):
        with engine.begin() as conn:
            for table in ("messages", "notifications", "contacts", "sign_ups"):
                conn.execute(text(f"DELETE FROM {table}"))
        owe_invitations(engine, rows)
        instance = dispatcher(engine)
        if step == "claim":
            assert instance.resolve_pending() == rows
            counts.append(statements(engine, instance.claim_due))
        elif step == "send":  # claimed, sent, and every outcome written
            assert instance.resolve_pending() == rows
            counts.append(statements(engine, instance.tick))
            with engine.connect() as conn:
                sent = conn.execute(text("SELECT count(*) FROM messages WHERE status = 'sent'"))
                assert sent.scalar_one() == rows
        else:
            counts.append(statements(engine, instance.resolve_pending))
    assert counts[0] == counts[1], counts
