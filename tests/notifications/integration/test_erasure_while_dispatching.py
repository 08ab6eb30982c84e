"""Erasure while a dispatcher (its own thread, or another instance) is turning one of the
person's notifications into messages: the erasure waits for it, then redacts those too."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from services.notifications.adapters.orm import messages
from services.notifications.bootstrap import uow_factory
from services.notifications.domain.model import Contact, Message, Notification
from services.notifications.messages.commands import ForgetContact
from services.notifications.messages.service_layer import forget_contact
from tests.support import migrated_engine, migrated_postgres


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "postgres":
        with migrated_postgres("notifications") as engine:
            yield engine
    else:
        yield migrated_engine("notifications", tmp_path)


def test_an_erasure_waits_for_a_message_being_made_then_redacts_it(engine: Engine) -> None:
    uows, pid, phone = uow_factory(engine), str(uuid.uuid4()), "+447700900321"
    with uows() as uow:
        uow.contacts.save(Contact(pid, "Dee", phone, "", "sms", "en"))
        uow.notifications.add(Notification(pid, "welcome", str(uuid.uuid4()), datetime.now(UTC)))
        uow.commit()

    erased = threading.Event()

    def erase() -> None:
        with uows() as uow:
            forget_contact(ForgetContact(pid), uow)
            uow.commit()
        erased.set()

    with uows() as resolving:  # what Dispatcher.resolve_pending does, held open
        [owed] = resolving.notifications.pending(10)
        eraser = threading.Thread(target=erase)
        eraser.start()
        assert not erased.wait(1.0), "the erasure went ahead of the message being made"
        resolving.messages.add(
            Message(pid, owed.id, "welcome", "sms", phone, "", "Hi Dee", "", datetime.now(UTC))
        )
        owed.status = "resolved"
        resolving.commit()
    eraser.join(timeout=30)

    assert erased.is_set()
    with engine.connect() as conn:
        addresses = conn.execute(select(messages.c.to).where(messages.c.participant_id == pid))
        assert list(addresses.scalars()) == [""]
