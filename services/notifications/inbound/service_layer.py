"""What Twilio tells us (after the webhook checked its signature): texts people send, and
what happened to the texts we sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from services.notifications.domain.model import OPTED_OUT_ERROR, Message
from services.notifications.domain.sending_as import sending_as
from services.notifications.inbound import commands
from services.notifications.inbound.domain import (
    InboundSmsReceived,
    SmsOptedIn,
    SmsOptedOut,
    keyword,
)
from shared.clock import Clock
from shared.vocabulary.organisations import Organisation

# Keywords are the carriers' (English in Wales too); the words around them follow the person.
REPLIES = {
    "en": {
        "stop": "You will not get any more texts from {name}. Text START to get them again.",
        "start": "You will get texts from {name} again. Text STOP to stop them.",
        "help": "{name} asks people to help shape health services. Text STOP to stop texts.",
    },
    "cy": {
        "stop": "Fyddwch chi ddim yn cael mwy o negeseuon gan {name}. Anfonwch START i'w cael eto.",
        "start": "Byddwch yn cael negeseuon gan {name} eto. Anfonwch STOP i'w stopio.",
        "help": "Mae {name} yn gofyn i bobl helpu i wella gwasanaethau iechyd. "
        "Anfonwch STOP i stopio.",
    },
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
        texted = _texted(command, uow)
        # STOP and START are per sender, as Twilio keeps them: the organisation's own number or
        # messaging service, or '' for the deployment's (shared by those without one).
        sender = (texted.sms_sender or "") if texted else ""
        whose = texted.organisation_id if texted else None
        kind = keyword(command.body)
        if kind == "stop":
            uow.suppressions.add(from_number, now, sender)
            if participant_id:
                uow.events.append(SmsOptedOut(participant_id, now, whose))
        elif kind == "start":
            uow.suppressions.remove(from_number, sender)
            if participant_id:
                uow.events.append(SmsOptedIn(participant_id, now, whose))
        elif kind is None:
            sender_unknown = None if participant_id else from_number
            uow.events.append(
                InboundSmsReceived(
                    command.message_sid,
                    participant_id,
                    sender_unknown,
                    command.body.strip(),
                    now,
                    whose,
                )
            )
        uow.commit()
        if kind is None:
            return Reply(None)
        language = contact.language if contact and contact.language in REPLIES else "en"
        name = sending_as(texted, language, "").sms_name
        return Reply(REPLIES[language][kind].format(name=name))


def _texted(command: commands.ReceiveSms, uow: Any) -> Organisation | None:
    """The organisation whose number (or messaging service) they texted, if not the deployment's."""
    if command.messaging_service_sid:
        found = uow.organisations.by_sms_sender(command.messaging_service_sid)
        if found is not None:
            return found
    return uow.organisations.by_sms_sender(command.to_number) if command.to_number else None


def carrier_opt_out(message: Message, uow: Any, at: datetime) -> None:
    """Twilio refused a text (21610): its number said STOP to the sender it went from, so that
    sender stops texting it too (the organisation's, or None for the deployment's own)."""
    phone, sender = message.stop_key
    uow.suppressions.add(phone, at, sender)
    whose = message.organisation_id if message.sender else None
    uow.events.append(SmsOptedOut(message.participant_id, at, whose))


def record_delivery_status(command: commands.RecordDeliveryStatus, uow: Any, clock: Clock) -> bool:
    """Twilio's status callback for a message we sent; False if we do not know the message."""
    with uow:
        message = uow.messages.by_provider_ref(command.message_sid)
        if message is None:
            return False
        message.delivery_update(command.status, command.error_code, clock())
        if command.error_code == OPTED_OUT_ERROR and message.channel == "sms":
            # Twilio refused: this number opted out with the carrier. Stop texting it too.
            carrier_opt_out(message, uow, clock())
        uow.commit()
        return True


def record_webhook_rejection(
    command: commands.RecordWebhookRejection, uow: Any, clock: Clock
) -> None:
    """Counted always, detailed while the hour has had few (shared.webhook_rejections)."""
    with uow:
        uow.webhook_rejections.record(command.path, command.reason, clock(), command.client_address)
        uow.commit()
