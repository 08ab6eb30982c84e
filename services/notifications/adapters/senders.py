"""The real channels: SMS through Twilio's official SDK, email over SMTP.

Failures are sorted for the dispatcher: ChannelUnavailable (nothing was sent and the provider
cannot be reached or refuses our credentials: wait and retry), SendRefused (nothing was sent:
retry), SendRejected (refused for good), anything else (a timeout after the provider had the
message, a 5xx: it may have gone, so no blind retry).
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

import requests
from requests.adapters import HTTPAdapter
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client
from urllib3.exceptions import NewConnectionError

from services.notifications.ports import (
    ChannelUnavailable,
    SendRefused,
    SendRejected,
)
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
        http = TwilioHttpClient(timeout=settings.twilio_timeout_seconds)
        # One kept-alive connection per send in flight: the SDK's pool keeps fewer (6 on two
        # cores), and a send beyond them opens and drops a connection of its own each time.
        connections = getattr(settings, "send_concurrency", 16)
        for scheme in ("https://", "http://"):
            http.session.mount(scheme, HTTPAdapter(pool_maxsize=connections))  # type: ignore[union-attr]
        self._client = Client(
            settings.twilio_account_sid, settings.twilio_auth_token, http_client=http
        )
        # Point the SDK at another Twilio-compatible address (the Prism mock in development).
        self._client.api.base_url = settings.twilio_api_base
        self._from = settings.twilio_from_number
        self._status_callback = f"{settings.public_base_url}/api/notifications/twilio/status"

    def send(self, to: str, body: str, *, sender: str | None = None) -> str:
        sender = sender or self._from
        # A messaging service (MG...) picks the number itself; a number is the From.
        by = {"messaging_service_sid": sender} if sender.startswith("MG") else {"from_": sender}
        try:
            message = self._client.messages.create(
                to=to, body=body, status_callback=self._status_callback, **by
            )
        except TwilioRestException as exc:
            if exc.status == 429:  # too many requests: Twilio did not take it
                raise SendRefused(f"Twilio 429: {exc.msg}") from exc
            if 400 <= exc.status < 500:
                raise SendRejected(f"Twilio {exc.code}: {exc.msg}", code=str(exc.code)) from exc
            raise  # a 5xx: Twilio may have taken it
        except requests.ConnectionError as exc:
            if not _never_connected(exc):
                raise  # dropped mid-request: Twilio may have taken it
            raise SendRefused(f"could not reach Twilio: {exc}") from exc
        return str(message.sid)


def _never_connected(exc: requests.ConnectionError) -> bool:
    """Refused or timed out while connecting: the request itself never left."""
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(exc, requests.ConnectTimeout) or isinstance(reason, NewConnectionError)


class _Smtp(smtplib.SMTP):
    """Remembers whether the server said 354 to DATA: after that, a lost connection may have lost
    only the server's reply, not the message, so it may have gone."""

    data_accepted = False
    _last_command = ""

    def putcmd(self, cmd: str, args: str = "") -> None:
        self._last_command = cmd.lower()
        super().putcmd(cmd, args)

    def getreply(self) -> tuple[int, bytes]:
        code, reply = super().getreply()
        if self._last_command == "data" and code == 354:
            self.data_accepted = True
        return code, reply


class SmtpEmailSender:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

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
        s = self._settings
        message = EmailMessage()
        message["From"] = sender or s.mail_from
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain="chorus.localhost")
        message.set_content(text)
        if html:
            message.add_alternative(html, subtype="html")
        if calendar:
            # An attachment (not an inline text/calendar part), which every mail program offers
            # to add to the calendar and none tries to treat as a meeting request to answer.
            message.add_attachment(
                calendar.encode(), maintype="text", subtype="calendar", filename="invite.ics"
            )
        smtp = _Smtp(timeout=s.smtp_timeout_seconds)
        try:
            self._deliver(smtp, message)
        except smtplib.SMTPAuthenticationError as exc:  # 535: our credentials, not the message
            raise ChannelUnavailable(
                f"SMTP refused our login: {exc.smtp_code}", credentials=True
            ) from exc
        except smtplib.SMTPSenderRefused as exc:  # our From address: every email would fail
            raise ChannelUnavailable(
                f"SMTP refused our sender address: {exc.smtp_code}", credentials=True
            ) from exc
        except smtplib.SMTPRecipientsRefused as exc:
            raise SendRejected(f"SMTP refused the address: {exc.recipients}") from exc
        except smtplib.SMTPConnectError as exc:  # the server's greeting was a refusal
            raise ChannelUnavailable(f"the SMTP server would not talk: {exc}") from exc
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code == 421:  # the server is closing the connection: it is unavailable
                raise ChannelUnavailable(f"SMTP 421: {exc.smtp_error!r}") from exc
            if 400 <= exc.smtp_code < 500:  # temporary: the server asks us to come back later
                raise SendRefused(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}") from exc
            raise SendRejected(
                f"SMTP {exc.smtp_code}: {exc.smtp_error!r}", code=str(exc.smtp_code)
            ) from exc
        except OSError as exc:  # refused, DNS, timeout, TLS, disconnected (SMTPException too)
            if smtp.data_accepted:
                raise  # the server had the message when the line dropped: it may have gone
            raise ChannelUnavailable(f"could not reach the SMTP server: {exc!r}") from exc
        return str(message["Message-ID"])

    def _deliver(self, smtp: _Smtp, message: EmailMessage) -> None:
        s = self._settings
        try:
            smtp.connect(s.smtp_host, s.smtp_port)
            if s.smtp_starttls:
                smtp.starttls()
            if s.smtp_username:
                smtp.login(s.smtp_username, s.smtp_password)
            smtp.send_message(message)
        except BaseException:
            smtp.close()  # no goodbye to a server that failed us: it could block once more
            raise
        try:
            smtp.quit()
        except OSError:  # the message was accepted: a failed goodbye changes nothing
            smtp.close()
