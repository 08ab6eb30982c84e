"""Texts for recruitment's SMS sign-up dialogue (JOIN <CODE>): its questions and how it ended.

Someone signing up by text is not a participant yet, so there is no contact to look up: the
text goes straight to the number they texted from, as a message logged under the dialogue's
id. When they are registered those messages become theirs, so an erasure finds them too. People
we already know are answered like any notification, through their contact details.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.notifications.domain.model import Message
from services.notifications.service_layer import handlers
from services.notifications.service_layer.ports import Templates, UnitOfWork

TEMPLATE = "sms_sign_up"


def text_sign_up(
    data: dict[str, Any],
    cause_event_id: str,
    uow: UnitOfWork,
    templates: Templates,
    privacy_url: str,
) -> None:
    """SignUpQuestionAsked or SignUpReplied: they are waiting for it, whatever the hour."""
    details = {
        "sign_up": data.get("question") or data["outcome"],
        "problem": data.get("problem"),
        "activity_title": data.get("activity_title") or "Chorus",
        "code": data.get("code"),
        "privacy_url": privacy_url,
    }
    participant_id = str(data["participant_id"]) if data.get("participant_id") else None
    dialogue_id = str(data["dialogue_id"])
    if data.get("from_number"):
        body = templates.render(TEMPLATE, "sms", data["language"], details).body
        activity_id = str(data["activity_id"]) if data.get("activity_id") else None
        message = Message(
            dialogue_id,
            cause_event_id,
            TEMPLATE,
            "sms",
            data["from_number"],
            "",
            body,
            "",
            datetime.now(UTC),
            activity_id=activity_id,
            asked_for=True,
        )
        uow.messages.add(message)  # a number that texted STOP is still held back at send time
    elif participant_id:
        handlers.owe_about_activity(
            TEMPLATE, data, details, cause_event_id, uow, channel="sms", asked_for=True
        )
    if participant_id and data.get("outcome") in ("registered", "already_registered"):
        uow.sign_ups.confirmed(participant_id)  # the confirmation is queued: it goes first
    if participant_id and data.get("outcome") == "registered":
        for earlier in uow.messages.for_participant(dialogue_id):
            earlier.participant_id = participant_id


def welcome_unless_joined_by_text(data: dict[str, Any], cause_event_id: str, uow: Any) -> None:
    """A sign-up by text already ends with its own confirmation (SignUpReplied, on another
    topic): no second welcome text, and nothing else for them until that confirmation is here."""
    participant_id = str(data["participant_id"])
    by_text = data["sign_up_channel"] == "sms"
    uow.sign_ups.seen(participant_id, confirmed=not by_text)
    if not by_text:
        handlers.request_welcome(participant_id, cause_event_id, uow)
