"""Our SMS and email adapters against the real stand-ins: Prism serving Twilio's own OpenAPI
spec (which rejects requests Twilio would reject) and Mailpit (a real SMTP server)."""

from __future__ import annotations

import dataclasses
import uuid

import pytest
import requests
from twilio.base import values
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from services.notifications.adapters.senders import SmtpEmailSender, TwilioSmsSender
from services.notifications.config import load_settings
from services.notifications.ports import SendRefused
from shared.config import Secret
from tests.support import MAILPIT_API, TWILIO_MOCK, wait_until


@pytest.fixture
def settings(stand_ins: None):  # type: ignore[no-untyped-def]
    return dataclasses.replace(
        load_settings("notifications"),
        twilio_account_sid="AC00000000000000000000000000000000",
        twilio_auth_token=Secret("test-token"),
        twilio_from_number="+447700900000",
        twilio_api_base=TWILIO_MOCK,
        smtp_host="127.0.0.1",
        smtp_port=1025,
    )


def test_sms_goes_through_the_twilio_sdk_to_the_mock(settings) -> None:  # type: ignore[no-untyped-def]
    sid = TwilioSmsSender(settings).send("+447911123456", "Hello from a test")
    assert sid.startswith("SM")


def test_the_mock_rejects_what_twilio_would_reject(settings) -> None:  # type: ignore[no-untyped-def]
    client = Client(settings.twilio_account_sid, settings.twilio_auth_token)
    client.api.base_url = settings.twilio_api_base
    with pytest.raises(TwilioRestException) as rejected:
        client.messages.create(to=values.unset, from_=settings.twilio_from_number, body="No To")
    assert rejected.value.status == 422


def test_missing_twilio_credentials_stop_the_sender_at_start_up(settings) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="TWILIO_AUTH_TOKEN"):
        TwilioSmsSender(dataclasses.replace(settings, twilio_auth_token=Secret("")))


def test_email_arrives_in_the_smtp_server_with_text_and_html(settings) -> None:  # type: ignore[no-untyped-def]
    to = f"channels-{uuid.uuid4().hex[:8]}@example.com"
    SmtpEmailSender(settings).send(to, "Test subject", "Plain words", "<p>Plain words</p>")

    def arrived() -> list[dict]:
        return requests.get(
            f"{MAILPIT_API}/search", params={"query": f'to:"{to}"'}, timeout=5
        ).json()["messages"]

    found = wait_until(arrived, timeout=20, what="the email in Mailpit")
    message = requests.get(f"{MAILPIT_API}/message/{found[0]['ID']}", timeout=5).json()
    assert message["Subject"] == "Test subject"
    assert message["Text"].strip() == "Plain words"
    assert "<p>Plain words</p>" in message["HTML"]


def test_twilio_unreachable_is_refused_so_safe_to_retry(settings) -> None:  # type: ignore[no-untyped-def]
    # Nothing listens on port 1: the request never left, so the dispatcher may retry it.
    closed = dataclasses.replace(settings, twilio_api_base="http://127.0.0.1:1")
    with pytest.raises(SendRefused):
        TwilioSmsSender(closed).send("+447911123456", "Hello")


def test_smtp_unreachable_is_refused_so_safe_to_retry(settings) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SendRefused):
        SmtpEmailSender(dataclasses.replace(settings, smtp_port=1)).send(
            "a@example.com", "s", "t", ""
        )
