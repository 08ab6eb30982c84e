"""Twilio's message list through its official SDK: what Twilio says it took from us."""

from __future__ import annotations

from datetime import datetime

from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from shared.config import Settings

# The newest texts to one number that we look through; far more than one person ever gets
# between a send and its reconciliation.
LOOKBACK = 100


class TwilioSentMessages:
    def __init__(self, settings: Settings) -> None:
        self._client = Client(
            settings.twilio_account_sid,
            settings.twilio_auth_token,
            http_client=TwilioHttpClient(timeout=settings.twilio_timeout_seconds),
        )
        self._client.api.base_url = settings.twilio_api_base  # as TwilioSmsSender does
        self._from = settings.twilio_from_number

    def find(self, to: str, body: str, since: datetime) -> str | None:
        # Filtered by number on Twilio's side and by time here: DateSent> is by day only, and
        # a text still queued at Twilio has no date_sent yet, so that filter would miss it and
        # we would send it again.
        messages = self._client.messages.list(to=to, from_=self._from, limit=LOOKBACK)
        for message in messages:
            created = message.date_created
            if message.body == body and created is not None and created >= since:
                return str(message.sid)
        return None
