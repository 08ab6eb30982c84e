"""What Twilio tells us (after the webhook checked its signature): texts people send, and
what happened to the texts we sent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError

from services.notifications.domain.model import OPTED_OUT_ERROR
from services.notifications.inbound import commands
from services.notifications.inbound.domain import (
    InboundSmsReceived,
    SmsOptedIn,
    SmsOptedOut,
    keyword,
)
from shared.clock import Clock

REPLIES = {
    "stop": "You will not get any more texts from Chorus. Text START to get them again.",
    "start": "You will get texts from Chorus again. Text STOP to stop them.",
    "help": "Chorus helps you take part in shaping health services. Text STOP to stop texts.",
}


@dataclass(frozen=True)
class Reply:
    text: str | None  # what to text back, if anything


def receive_sms(command: commands.ReceiveSms, uow: Any, clock: Clock) -> Reply:
    now, from_number = clock(), command.from_number
    with uow:
        try:
            # Twilio's signature has no timestamp: a replayed request is only caught by its id.
            uow.inbound.record(command.message_sid, from_number, now)
            uow.session.flush()
        except IntegrityError:
            uow.rollback()
            return Reply(None)
        contact = uow.contacts.by_phone(from_number)
        participant_id = contact.participant_id if contact else None
        kind = keyword(command.body)
        if kind == "stop":
            uow.suppressions.add(from_number, now)
            if participant_id:
                uow.events.append(SmsOptedOut(participant_id, now))
        elif kind == "start":
            uow.suppressions.remove(from_number)
            if participant_id:
                uow.events.append(SmsOptedIn(participant_id, now))
        elif kind is None:
            sender = None if participant_id else from_number
            texted = uow.organisations.by_sms_sender(command.to_number)
            uow.events.append(
                InboundSmsReceived(
                    command.message_sid,
                    participant_id,
                    sender,
                    command.body.strip(),
                    now,
                    texted.organisation_id if texted else None,
                )
            )
        uow.commit()
        return Reply(REPLIES.get(kind) if kind else None)


def record_delivery_status(command: commands.RecordDeliveryStatus, uow: Any, clock: Clock) -> bool:
    """Twilio's status callback for a message we sent; False if we do not know the message."""
    with uow:
        message = uow.messages.by_provider_ref(command.message_sid)
        if message is None:
            return False
        message.delivery_update(command.status, command.error_code, clock())
        if command.error_code == OPTED_OUT_ERROR and message.channel == "sms":
            # Twilio refused: this number opted out with the carrier. Stop texting it too.
            uow.suppressions.add(message.to, clock())
            uow.events.append(SmsOptedOut(message.participant_id, clock()))
        uow.commit()
        return True


def record_webhook_rejection(
    command: commands.RecordWebhookRejection, uow: Any, clock: Clock
) -> None:
    """Counted always, detailed while the hour has had few (shared.webhook_rejections)."""
    with uow:
        uow.webhook_rejections.record(command.path, command.reason, clock(), command.client_address)
        uow.commit()
