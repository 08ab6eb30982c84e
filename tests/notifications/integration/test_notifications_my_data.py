"""A participant's own data from notifications: what we hold about how to reach them, whether
their number texted STOP, and the messages sent to them, never the words; and erasure empties
what notifications keeps about them (contact, sign-up marker)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine, func, select

from services.notifications.adapters.orm import contacts, inbound_messages, messages, sign_ups
from services.notifications.bootstrap import subscription
from services.notifications.config import load_settings
from services.notifications.domain.model import Contact, Message
from services.notifications.entrypoints.app import create_app
from services.notifications.inbound.commands import ReceiveSms
from shared.bus.tables import outbox
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from shared.web import current_bus
from tests.support import migrated_engine

PHONE = "+447123456789"
ACTIVITY = "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a"


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return migrated_engine("notifications", tmp_path)


@pytest.fixture
def app(engine: Engine) -> Flask:
    return create_app(load_settings("notifications"), engine)


def seed(app: Flask) -> str:
    pid = str(uuid.uuid4())
    with current_bus(app).uow_factory() as uow:
        uow.contacts.save(Contact(pid, "Morwenna", PHONE, None, "sms", "cy", large_print=True))
        uow.activity_titles.save(ACTIVITY, "Making GP appointments easier", FIRST_ORGANISATION_ID)
        uow.sign_ups.seen(pid, confirmed=True)
        words = "Rejected: Alex Other said you were not there"  # another person's name
        message = Message(pid, "n1", "payment_rejected", "sms", PHONE, "", words, "",
                          datetime.now(UTC), activity_id=ACTIVITY)  # fmt: skip
        message.sent("SM1", datetime.now(UTC))
        uow.messages.add(message)
        uow.suppressions.add(PHONE, datetime.now(UTC))
        uow.commit()
    return pid


def signed_in(app: Flask, pid: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    with client.session_transaction() as session:
        session["participant"] = {"id": pid, "issued_at": datetime.now(UTC).isoformat()}
    return client


def test_the_download_holds_contact_preferences_opt_out_and_messages_without_words(
    app: Flask,
) -> None:
    pid = seed(app)
    response = signed_in(app, pid).get("/messages/me/data.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = response.json
    assert data["contact"]["preferred_name"] == "Morwenna" and data["contact"]["language"] == "cy"
    assert data["contact"]["large_print"] is True and data["sms_opted_out"] is True
    [message] = data["messages"]
    assert message["channel"] == "sms" and message["status"] == "sent"
    assert message["about"] == "A payment claim not approved"
    assert message["activity_title"] == "Making GP appointments easier"
    assert "Alex Other" not in response.get_data(as_text=True)


def test_the_readable_page_in_welsh_and_only_for_them(app: Flask) -> None:
    pid = seed(app)
    page = signed_in(app, pid).get("/messages/me/data?lang=cy").get_data(as_text=True)
    assert "Negeseuon a anfonwyd atoch" in page and "Making GP appointments easier" in page
    assert "Alex Other" not in page
    anonymous = app.test_client().get("/messages/me/data")
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"] == "/join/link?next=%2Fmessages%2Fme%2Fdata"
    other = signed_in(app, str(uuid.uuid4())).get("/messages/me/data.json").json
    assert other == {"contact": None, "sms_opted_out": False, "messages": []}


def test_erasure_empties_what_notifications_holds_about_them(app: Flask, engine: Engine) -> None:
    pid = seed(app)
    forget = subscription().tombstones["recruitment.contact"]
    with current_bus(app).uow_factory() as uow:
        forget(pid, uow)
        uow.commit()
    with engine.connect() as conn:
        for table in (contacts, sign_ups):
            mine = table.c.participant_id == pid
            assert conn.execute(select(func.count()).where(mine)).scalar_one() == 0
    data = signed_in(app, pid).get("/messages/me/data.json").json
    assert data["contact"] is None and data["messages"][0]["status"] == "sent"


def test_erasure_forgets_their_texts_to_us_and_errors_naming_them(
    app: Flask, engine: Engine
) -> None:
    """Issue #14 item 16: the inbound log's number, the words in the outbox, Message.error."""
    pid = seed(app)
    words = "It is Morwenna, morwenna@example.org"
    current_bus(app).handle(ReceiveSms("SM" + uuid.uuid4().hex, PHONE, words))
    with current_bus(app).uow_factory() as uow:
        [message] = uow.messages.for_participant(pid)
        message.error = "SMTPRecipientsRefused({'morwenna@example.org': (550, b'unknown')})"
        uow.commit()
    with engine.connect() as conn:
        assert words in str(conn.execute(select(outbox.c.payload)).scalars().all())
    forget = subscription().tombstones["recruitment.contact"]
    with current_bus(app).uow_factory() as uow:
        forget(pid, uow)
        uow.commit()
    with engine.connect() as conn:
        numbers = conn.execute(select(inbound_messages.c.from_number)).scalars().all()
        staged = conn.execute(select(outbox.c.payload)).scalars().all()
        errors = conn.execute(select(messages.c.error)).scalars().all()
    assert numbers == [""]  # the MessageSid stays: a retried webhook is still handled once
    assert not [p for p in staged if "Morwenna" in p or PHONE in p]
    assert errors == [None]
