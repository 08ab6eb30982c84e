"""Notifications' use cases driven by events: keep contacts, and note what we owe people."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from services.notifications.domain.model import Contact, Message, Notification
from services.notifications.domain.sending_as import in_words, sending_as
from services.notifications.messages import commands
from services.notifications.ports import Templates, UnitOfWork
from shared.clock import Clock

SIGN_UP_TEMPLATE = "sms_sign_up"
OUTCOME_TEMPLATE = "outcome_published"  # "you said, we did"


def record_contact(command: commands.RecordContact, uow: UnitOfWork) -> None:
    uow.contacts.save(Contact(**vars(command)))


def record_activity(command: commands.RecordActivity, uow: UnitOfWork) -> None:
    uow.activity_titles.save(command.activity_id, command.title, command.organisation_id)


def forget_contact(command: commands.ForgetContact, uow: UnitOfWork) -> None:
    """Erasure: drop the contact, blank every message's address, words and error, and forget
    the texts they sent us (their number in the inbound log and the suppression list, the words
    in our outbox)."""
    participant_id = command.participant_id
    # First, so that a message being made from one of theirs now is made before we read and
    # redact their messages (the dispatcher sends from a thread, or another instance, of its own).
    owed = uow.notifications.for_participant(participant_id, lock=True)
    contact = uow.contacts.get(participant_id)
    messages = uow.messages.for_participant(participant_id)
    numbers = {m.to for m in messages if m.channel == "sms" and m.to}
    if contact is not None and contact.phone:
        numbers.add(contact.phone)
    uow.contacts.delete(participant_id)
    uow.sign_ups.delete(participant_id)
    for message in messages:
        message.redact()
    uow.inbound.forget(participant_id, sorted(numbers))
    for number in numbers:  # Twilio keeps refusing a number that texted STOP (error 21610)
        uow.suppressions.remove(number)
    for notification in owed:
        if notification.status == "pending":
            notification.status = "expired"


def leave_organisation(command: commands.LeaveOrganisation, uow: UnitOfWork) -> None:
    """They left one organisation: what was owed or queued to them as it is withdrawn, never
    sent; every other organisation's messages, and their contact details, stay. A reply they
    asked for still goes: the text that says they have left (LEAVE CODE) is one."""
    owed, sent = _theirs_in(command.participant_id, command.organisation_id, uow)
    for notification in owed:
        if notification.status == "pending" and not notification.asked_for:
            notification.status = "withdrawn"
    for message in sent:
        if message.status == "queued" and not message.asked_for:
            message.withdrawn()


def forget_in_organisation(command: commands.ForgetInOrganisation, uow: UnitOfWork) -> None:
    """Erasure from one organisation: its messages to them, and what it still owed them, are
    deleted, so its message log holds nothing of them. Their contact details stay: the other
    organisations they are with still reach them (erasure everywhere is the tombstone's)."""
    owed, sent = _theirs_in(command.participant_id, command.organisation_id, uow)
    uow.notifications.discard(owed)
    uow.messages.discard(sent)


def _theirs_in(
    participant_id: str, organisation_id: str, uow: UnitOfWork
) -> tuple[list[Notification], list[Message]]:
    """One person's notifications and messages about one organisation's activities. Locked
    first, as for erasure, so a message being made from one now is made before we read."""
    owed = uow.notifications.for_participant(participant_id, lock=True)
    sent = uow.messages.for_participant(participant_id)
    activities = {item.activity_id for item in [*owed, *sent] if item.activity_id}
    whose = uow.activity_titles.organisations(activities)
    return (
        [n for n in owed if whose.get(n.activity_id or "") == organisation_id],
        [
            m
            for m in sent
            if (m.organisation_id or whose.get(m.activity_id or "")) == organisation_id
        ],
    )


def queue_message(command: commands.QueueMessage, uow: UnitOfWork, clock: Clock) -> None:
    now = clock()
    details = dict(command.details)
    if command.calendar is not None:
        details = {**_calendar_entry(command.calendar, now), **details}
    if command.action is not None:
        details["action"] = {"purpose": command.action[0], "next": command.action[1]}
    uow.notifications.add(
        Notification(
            command.participant_id,
            command.template,
            command.cause_event_id,
            now,
            channel=command.channel,
            activity_id=command.activity_id,
            details=details,
            asked_for=command.asked_for,
        )
    )


def tell_of_outcome(command: commands.TellOfOutcome, uow: UnitOfWork, clock: Clock) -> None:
    """One notification per contributor. Its cause is derived from the outcome and the person,
    so a second OutcomePublished for the same outcome (not only a redelivery, which the inbox
    skips) finds them already told and tells no one twice."""
    now = clock()
    causes = {
        str(uuid.uuid5(uuid.NAMESPACE_URL, f"outcome:{command.outcome_id}:{pid}")): pid
        for pid in command.participant_ids
    }
    told = uow.notifications.already_caused(OUTCOME_TEMPLATE, list(causes))
    for cause, participant_id in causes.items():
        if cause in told:
            continue
        uow.notifications.add(
            Notification(
                participant_id,
                OUTCOME_TEMPLATE,
                cause,
                now,
                activity_id=command.activity_id,
                details=dict(command.details),
            )
        )


def queue_messages(command: commands.QueueMessages, uow: UnitOfWork, clock: Clock) -> None:
    for message in command.messages:
        queue_message(message, uow, clock)


def _calendar_entry(entry: commands.CalendarEntry, now: datetime) -> dict[str, Any]:
    """One calendar entry per person per session (they hold at most one place in it), so a
    move updates it and a cancellation removes it; the event time orders the updates."""
    return {
        "calendar_uid": f"{entry.session_id}.{entry.participant_id}",
        "calendar_sequence": int(now.timestamp()),
        "booking_id": entry.booking_id,
        "starts_at": entry.starts_at,
    }


def queue_magic_link(command: commands.QueueMagicLink, uow: UnitOfWork, clock: Clock) -> None:
    uow.notifications.add(
        Notification(
            command.participant_id,
            "magic_link",
            command.cause_event_id,
            clock(),
            channel=command.channel,
            link_id=command.link_id,
            link_purpose=command.purpose,
        )
    )


def welcome_unless_joined_by_text(
    command: commands.WelcomeUnlessJoinedByText, uow: UnitOfWork, clock: Clock
) -> None:
    """A sign-up by text already ends with its own confirmation (SignUpReplied, on another
    topic): no second welcome text, and nothing else for them until that confirmation is here."""
    uow.sign_ups.seen(command.participant_id, confirmed=not command.by_text)
    if not command.by_text:
        uow.notifications.add(
            Notification(command.participant_id, "welcome", command.cause_event_id, clock())
        )


def text_sign_up(
    command: commands.TextSignUp, uow: UnitOfWork, templates: Templates, clock: Clock
) -> None:
    """SignUpQuestionAsked or SignUpReplied: they are waiting for it, whatever the hour.

    Someone signing up by text is not a participant yet, so there is no contact to look up: the
    text goes straight to the number they texted from, as a message logged under the dialogue's
    id. When they are registered those messages become theirs, so an erasure finds them too.
    People we already know are answered like any notification, through their contact details."""
    participant_id, dialogue_id = command.participant_id, command.dialogue_id
    if command.from_number:
        # As the organisation of the activity they are joining: from its number, in its name.
        whose = uow.activity_titles.organisations({command.activity_id or ""})
        organisation = uow.organisations.get(whose[command.activity_id]) if whose else None
        sender = sending_as(organisation, command.language, "")
        context = in_words(command.details, sender, "sms")
        body = templates.render(SIGN_UP_TEMPLATE, "sms", command.language, context).body
        message = Message(
            dialogue_id,
            command.cause_event_id,
            SIGN_UP_TEMPLATE,
            "sms",
            command.from_number,
            "",
            body,
            "",
            clock(),
            activity_id=command.activity_id,
            asked_for=True,
            organisation_id=sender.organisation_id,
            sender=sender.sms_sender,
        )
        uow.messages.add(message)  # a number that texted STOP is still held back at send time
    elif participant_id:
        owed = commands.QueueMessage(
            participant_id,
            SIGN_UP_TEMPLATE,
            command.cause_event_id,
            command.details,
            activity_id=command.activity_id,
            channel="sms",
            asked_for=True,
        )
        queue_message(owed, uow, clock)
    if participant_id and command.outcome in ("registered", "already_registered"):
        uow.sign_ups.confirmed(participant_id)  # the confirmation is queued: it goes first
    if participant_id and command.outcome == "registered":
        for earlier in uow.messages.for_participant(dialogue_id):
            earlier.participant_id = participant_id
