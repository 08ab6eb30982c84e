"""Development only: when Twilio or SMTP is not configured, a message is kept, not sent.

The messages table already holds every message's words, so keeping one is just marking it sent
with an `outbox-` reference; the outbox page and `GET /api/notifications/outbox` list it.
"""

from __future__ import annotations

import uuid

import structlog

from services.notifications.adapters.senders import SmtpEmailSender, TwilioSmsSender
from services.notifications.ports import EmailSender, SmsSender
from shared.config import Settings

log = structlog.get_logger("outbox")
OUTBOX_PREFIX = "outbox-"


class OutboxSmsSender:
    def send(self, to: str, body: str, *, sender: str | None = None) -> str:
        return f"{OUTBOX_PREFIX}{uuid.uuid4()}"


class OutboxEmailSender:
    def send(
        self,
        to: str,
        subject: str,
        text: str,
        html: str,
        calendar: str = "",
        *,
        sender: str | None = None,
    ) -> str:
        return f"{OUTBOX_PREFIX}{uuid.uuid4()}"


def twilio_configured(settings: Settings) -> bool:
    return all(
        (settings.twilio_account_sid, settings.twilio_auth_token, settings.twilio_from_number)
    )


def sms_sender(settings: Settings) -> SmsSender:
    """Twilio when configured; in development without credentials, the outbox. Elsewhere,
    missing credentials stop the service at start-up (TwilioSmsSender says which)."""
    if settings.is_development and not twilio_configured(settings):
        log.warning("outbox.sms", reason="TWILIO_* not set: texts go to the development outbox")
        return OutboxSmsSender()
    return TwilioSmsSender(settings)


def email_sender(settings: Settings) -> EmailSender:
    if not settings.smtp_host:
        if not settings.is_development:
            raise ValueError("set SMTP_HOST to send email")
        log.warning("outbox.email", reason="SMTP_HOST not set: emails go to the development outbox")
        return OutboxEmailSender()
    return SmtpEmailSender(settings)
