"""The real channels: SMS through Twilio's official SDK, email over SMTP."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from shared.config import Settings


class TwilioSmsSender:
    def __init__(self, settings: Settings) -> None:
        missing = [
            name
            for name, value in (
                ("TWILIO_ACCOUNT_SID", settings.twilio_account_sid),
                ("TWILIO_AUTH_TOKEN", settings.twilio_auth_token),
                ("TWILIO_FROM_NUMBER", settings.twilio_from_number),
            )
            if not value
        ]
        if missing:
            raise ValueError(f"set {', '.join(missing)} to send SMS")
        self._client = Client(
            settings.twilio_account_sid,
            settings.twilio_auth_token,
            http_client=TwilioHttpClient(timeout=15),
        )
        # Point the SDK at another Twilio-compatible address (the Prism mock in development).
        self._client.api.base_url = settings.twilio_api_base
        self._from = settings.twilio_from_number
        self._status_callback = f"{settings.public_base_url}/api/notifications/twilio/status"

    def send(self, to: str, body: str) -> str:
        message = self._client.messages.create(
            to=to, from_=self._from, body=body, status_callback=self._status_callback
        )
        return str(message.sid)


class SmtpEmailSender:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def send(self, to: str, subject: str, text: str, html: str) -> str:
        s = self._settings
        message = EmailMessage()
        message["From"] = s.mail_from
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain="chorus.localhost")
        message.set_content(text)
        if html:
            message.add_alternative(html, subtype="html")
        with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=15) as smtp:
            if s.smtp_starttls:
                smtp.starttls()
            if s.smtp_username:
                smtp.login(s.smtp_username, s.smtp_password)
            smtp.send_message(message)
        return str(message["Message-ID"])
