"""What Twilio's webhooks ask of notifications, once the webhook has checked who is asking."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReceiveSms:
    message_sid: str
    from_number: str
    body: str
    to_number: str = ""  # the number they texted: an organisation's own, or the deployment's
    # Twilio sends it when that number is in a messaging service (an organisation's sender).
    messaging_service_sid: str | None = None


@dataclass(frozen=True)
class RecordDeliveryStatus:
    message_sid: str
    status: str
    error_code: str | None


@dataclass(frozen=True)
class RecordWebhookRejection:
    """A request to a webhook that Twilio did not sign."""

    path: str
    reason: str
    client_address: str | None
