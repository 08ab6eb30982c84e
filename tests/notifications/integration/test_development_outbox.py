"""Without Twilio or SMTP credentials, development keeps messages in the outbox instead of
sending them; anywhere else, missing credentials stop the service at start-up."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.notifications.bootstrap import wire_consumer
from services.notifications.config import NotificationsSettings as Settings
from services.notifications.config import load_settings
from services.notifications.dev_outbox.adapters import (
    OutboxEmailSender,
    OutboxSmsSender,
    email_sender,
    sms_sender,
)
from services.notifications.dispatch.commands import SendDue
from services.notifications.domain.model import Contact, Notification
from services.notifications.entrypoints.app import create_app
from shared.config import Secret
from shared.web import current_bus
from tests.support import migrated_engine


def unconfigured(env: str) -> Settings:
    return dataclasses.replace(
        load_settings("notifications"),
        env=env,
        twilio_account_sid="",
        twilio_auth_token=Secret(""),
        twilio_from_number="",
        smtp_host="",
        sms_quiet_hours="off",
    )


def test_production_refuses_to_start_without_credentials() -> None:
    with pytest.raises(ValueError, match="TWILIO_ACCOUNT_SID"):
        sms_sender(unconfigured("production"))
    with pytest.raises(ValueError, match="SMTP_HOST"):
        email_sender(unconfigured("production"))


def test_development_keeps_both_channels_in_the_outbox(tmp_path: Path) -> None:
    settings = unconfigured("development")
    assert isinstance(sms_sender(settings), OutboxSmsSender)
    assert isinstance(email_sender(settings), OutboxEmailSender)

    engine = migrated_engine("notifications", tmp_path)
    app = create_app(settings, engine)
    pid = str(uuid.uuid4())
    with current_bus(app).uow_factory() as uow:
        uow.contacts.save(Contact(pid, "Dee", "+447700900123", "dee@example.com", "sms", "en"))
        uow.notifications.add(Notification(pid, "welcome", str(uuid.uuid4()), datetime.now(UTC)))
        uow.commit()

    # The consumer wires itself without credentials too; its sending thread runs SendDue,
    # which the app's bus (the same settings, so the same outbox senders) runs here at once.
    assert wire_consumer(settings, engine).on_start is not None
    current_bus(app).handle(SendDue(1.0))

    client = app.test_client()
    [sms] = client.get("/api/notifications/outbox?to=%2B447700900123").json
    [email] = client.get("/api/notifications/outbox?to=dee@example.com").json
    for kept in (sms, email):
        assert kept["status"] == "sent" and kept["provider_ref"].startswith("outbox-")
    assert sms["body"].startswith("Hi Dee, thanks for joining Chorus.")
    page = client.get("/messages/outbox").get_data(as_text=True)
    assert "Hi Dee, thanks for joining Chorus." in page
