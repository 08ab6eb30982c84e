"""Notifications' own settings: how it reaches Twilio and the mail server, and when it texts.

The sending number (TWILIO_FROM_NUMBER) stays in shared.config: recruitment prints it on
posters too."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from shared.config import Secret, Settings, common_values
from shared.startup_checks import require


def _secret() -> Secret:
    return Secret("")


@dataclass(frozen=True)
class NotificationsSettings(Settings):
    twilio_account_sid: str = ""
    twilio_auth_token: Secret = field(default_factory=_secret)
    twilio_api_base: str = "https://api.twilio.com"
    twilio_timeout_seconds: float = 15  # past this a send is 'unknown' and gets reconciled
    smtp_host: str = ""  # empty: not configured (development keeps an outbox)
    smtp_port: int = 1025
    smtp_username: str = ""
    smtp_password: Secret = field(default_factory=_secret)
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = 15.0
    mail_from: str = "Chorus <no-reply@chorus.localhost>"
    sms_quiet_hours: str = "21:00-08:00"  # UK time; "off" for none (test stacks)
    sms_per_second: int = 10  # Twilio's limit for the sending number or messaging service
    # Sends in flight at once: enough to fill SMS_PER_SECOND at Twilio's latency (16 at 200/s
    # and up to 80 ms a send).
    send_concurrency: int = 16
    # How long a silent dispatcher is taken for alive (its heartbeat comes every third of it).
    dispatch_lease_seconds: float = 30
    staff_digest_at: str = "08:00"  # UK time: when staff get each day's digest


def load_settings(
    service: str = "notifications", common: Settings | None = None
) -> NotificationsSettings:
    """Notifications' settings from os.environ (`service` so that shared.startup_checks can call
    it), on top of `common` when a caller already holds the shared settings."""
    env = os.environ.get
    shared = common_values(service, common)
    return NotificationsSettings(
        **shared,
        twilio_account_sid=env("TWILIO_ACCOUNT_SID", ""),
        twilio_auth_token=Secret(env("TWILIO_AUTH_TOKEN", "")),
        twilio_api_base=env("TWILIO_API_BASE", "https://api.twilio.com").rstrip("/"),
        twilio_timeout_seconds=float(env("TWILIO_TIMEOUT_SECONDS", "15")),
        smtp_host=env("SMTP_HOST", ""),
        smtp_port=int(env("SMTP_PORT", "1025")),
        smtp_username=env("SMTP_USERNAME", ""),
        smtp_password=Secret(env("SMTP_PASSWORD", "")),
        smtp_starttls=env("SMTP_STARTTLS", "false").lower() in {"1", "true", "yes"},
        smtp_timeout_seconds=float(env("SMTP_TIMEOUT_SECONDS", "15")),
        mail_from=env("MAIL_FROM", "Chorus <no-reply@chorus.localhost>"),
        sms_quiet_hours=env("SMS_QUIET_HOURS", "21:00-08:00"),
        sms_per_second=int(env("SMS_PER_SECOND", "10")),
        send_concurrency=int(env("NOTIFICATIONS_SEND_CONCURRENCY", "16")),
        dispatch_lease_seconds=float(env("NOTIFICATIONS_DISPATCH_LEASE_SECONDS", "30")),
        staff_digest_at=env("NOTIFICATIONS_STAFF_DIGEST_AT", "08:00"),
    )


def settings_for(process: str) -> NotificationsSettings:
    """The environment's settings for one notifications process, refused if unsafe."""
    return require(load_settings(), process)  # type: ignore[return-value]
