"""Handling a text someone sent to Chorus (after the webhook checked Twilio's signature)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from services.notifications.domain.inbound import (
    InboundSmsReceived,
    SmsOptedIn,
    SmsOptedOut,
    keyword,
)

REPLIES = {
    "stop": "You will not get any more texts from Chorus. Text START to get them again.",
    "start": "You will get texts from Chorus again. Text STOP to stop them.",
    "help": "Chorus helps you take part in shaping health services. Text STOP to stop texts.",
}


@dataclass(frozen=True)
class Reply:
    text: str | None  # what to text back, if anything


def receive_sms(message_sid: str, from_number: str, body: str, uow: Any) -> Reply:
    now = datetime.now(UTC)
    with uow:
        try:
            # Twilio's signature has no timestamp: a replayed request is only caught by its id.
            uow.inbound.record(message_sid, from_number, now)
            uow.session.flush()
        except IntegrityError:
            uow.rollback()
            return Reply(None)
        contact = uow.contacts.by_phone(from_number)
        participant_id = contact.participant_id if contact else None
        kind = keyword(body)
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
            uow.events.append(
                InboundSmsReceived(message_sid, participant_id, sender, body.strip(), now)
            )
        uow.commit()
        return Reply(REPLIES.get(kind) if kind else None)
