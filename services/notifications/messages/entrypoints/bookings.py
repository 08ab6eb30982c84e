"""Scheduling's and recruitment's events as the messages they owe people (the consumer edge)."""

from __future__ import annotations

import uuid
from typing import Any

from services.notifications.messages.commands import CalendarEntry, QueueMessage, QueueMessages


def _owed(template: str, data: dict[str, Any], cause: str, **fields: Any) -> QueueMessage:
    activity_id = data.get("activity_id")
    return QueueMessage(
        str(data["participant_id"]),
        template,
        cause,
        activity_id=str(activity_id) if activity_id else None,
        **fields,
    )


def _choose_a_time(data: dict[str, Any]) -> tuple[str, str]:
    return ("book", f"/book/activities/{data['activity_id']}")


def _booking_page(data: dict[str, Any]) -> tuple[str, str]:
    return ("book", f"/book/bookings/{data['booking_id']}")


def _calendar(data: dict[str, Any]) -> CalendarEntry:
    return CalendarEntry(
        str(data["session_id"]),
        str(data["participant_id"]),
        str(data["booking_id"]),
        data["starts_at"].isoformat(),
    )


def invite(data: dict[str, Any], cause_event_id: str) -> QueueMessage:
    respond_by = data.get("respond_by")
    details = {
        "activity_title": data["activity_title"],
        "respond_by": respond_by.isoformat() if respond_by else None,
        "paid": data.get("paid"),  # None (older events): say nothing about money
    }
    return _owed("invitation", data, cause_event_id, details=details, action=_choose_a_time(data))


def confirm_booking(data: dict[str, Any], cause_event_id: str) -> QueueMessage:
    """The confirmation carries the session, so the email can hold a calendar invitation."""
    details = {
        "activity_title": data["activity_title"],
        "ends_at": data["ends_at"].isoformat(),
        "format": data["format"],
        "location": data.get("location"),
        "joining_url": data.get("joining_url"),
    }
    moved = data.get("moved_from_booking_id") is not None
    return _owed(
        "booking_moved" if moved else "booking_confirmed",
        data,
        cause_event_id,
        details=details,
        calendar=_calendar(data),
        asked_for=data.get("booked_via") == "sms",  # booked by text: waiting, whatever the hour
        action=_booking_page(data),
    )


def offer_booking_options(data: dict[str, Any], cause_event_id: str) -> QueueMessage:
    """Numbered times for the SMS booking dialogue: always by text, since they reply by text.
    An offer they did not ask for (an invitation) waits for the morning like any other text."""
    options = [
        {
            "choice": o["choice"],
            "starts_at": o["starts_at"].isoformat(),
            "location": o.get("location"),
        }
        for o in data["options"]
    ]
    details = {
        "activity_title": data["activity_title"],
        "options": options,
        "reason": data["reason"],
    }
    return _owed(
        "booking_options",
        data,
        cause_event_id,
        details=details,
        channel="sms",
        asked_for=data["reason"] != "invited",
    )


def answer_unclear_reply(data: dict[str, Any], cause_event_id: str) -> QueueMessage:
    details = {"hint": data["hint"], "choices": data.get("choices")}
    return _owed("booking_help", data, cause_event_id, details=details, channel="sms")


def tell_of_cancelled_booking(data: dict[str, Any], cause_event_id: str) -> QueueMessage | None:
    """Tell them, and take the session out of their calendar (the email's .ics cancels it)."""
    if data.get("cause") == "moved":
        return None  # the new booking's message says it moved, and updates their calendar
    whole_session = data.get("cause") == "session_cancelled"
    return _owed(
        "session_cancelled" if whole_session else "booking_cancelled",
        data,
        cause_event_id,
        details={"status": "cancelled"},
        calendar=_calendar(data),
        action=_choose_a_time(data),
    )


def remind(data: dict[str, Any], cause_event_id: str) -> QueueMessage:
    details = {
        "activity_title": data["activity_title"],
        "starts_at": data["starts_at"].isoformat(),
        "ends_at": data["ends_at"].isoformat(),
        "location": data.get("location"),
        "joining_url": data.get("joining_url"),
    }
    return _owed("reminder", data, cause_event_id, details=details, action=_booking_page(data))


def check_in_after_no_show(data: dict[str, Any], cause_event_id: str) -> QueueMessage | None:
    """A kind word after a no-show, never a penalty. Other outcomes need no message."""
    if data["outcome"] != "no_show":
        return None
    details = {"activity_title": data.get("activity_title") or "our session"}
    return _owed(
        "no_show_check_in", data, cause_event_id, details=details, action=_choose_a_time(data)
    )


def offer_place(data: dict[str, Any], cause_event_id: str) -> QueueMessage:
    """A place came free and is held for them: it must reach them while the hold lasts."""
    details = {
        "starts_at": data["starts_at"].isoformat(),
        "hold_expires_at": data["hold_expires_at"].isoformat(),
    }
    hold = ("book", f"/book/holds/{data['hold_id']}")
    return _owed(
        "place_offered", data, cause_event_id, details=details, asked_for=True, action=hold
    )


def reject_booking(data: dict[str, Any], cause_event_id: str) -> QueueMessage:
    details = {"starts_at": data["starts_at"].isoformat()}
    return _owed(
        "booking_rejected", data, cause_event_id, details=details, action=_choose_a_time(data)
    )


def invite_to_poll(data: dict[str, Any], poll_url: str, cause_event_id: str) -> QueueMessage:
    """The poll's numbered times and how to answer (the web page, or the numbers by text).
    Unasked for, so a text waits for the morning like any invitation."""
    details = {
        "activity_title": data["title"],
        "options": [
            {"choice": o["choice"], "starts_at": o["starts_at"].isoformat()}
            for o in data["options"]
        ],
        "poll_url": poll_url,
        "closes_at": data["closes_at"].isoformat(),
    }
    poll = ("book", f"/book/polls/{data['poll_id']}")
    return _owed("poll_invitation", data, cause_event_id, details=details, action=poll)


def acknowledge_poll_answer(data: dict[str, Any], cause_event_id: str) -> QueueMessage | None:
    """An answer by text is acknowledged by text ("Thanks. We have noted 1 and 3."); the web
    page says so itself."""
    if data.get("via") != "sms":
        return None
    details = {"answer": list(data["choices"])}
    return _owed(
        "poll_answered", data, cause_event_id, details=details, channel="sms", asked_for=True
    )


def tell_of_arrangements(data: dict[str, Any], cause_event_id: str) -> QueueMessages | None:
    """Each person whose arrangements at that time are all settled now hears what was arranged
    (and what could not be): one message per person, not one per task, and again only as an
    update when a settled task changed what they were told. The cause is
    per booking, since one event may tell several people."""
    messages = []
    for person in data["settled_for"]:
        cause = str(uuid.uuid5(uuid.UUID(cause_event_id), str(person["booking_id"])))
        details = {
            "starts_at": data["starts_at"].isoformat(),
            "arranged": list(person["done"]),
            "not_arranged": list(person["not_possible"]),
            # Told before: what changed is said as an update (scheduling never sends the same
            # words twice).
            "update": bool(person.get("update", False)),
        }
        page = ("book", f"/book/bookings/{person['booking_id']}")
        about = {**data, "participant_id": person["participant_id"]}
        messages.append(_owed("arrangements_made", about, cause, details=details, action=page))
    return QueueMessages(tuple(messages)) if messages else None


def ask_for_feedback(data: dict[str, Any], cause_event_id: str) -> QueueMessage:
    """After a session they attended: "How was it? Reply 1 to 5" by their own channel (an
    email links to the form, a text asks for the number); then, in the texted dialogue, the
    one retry, the offer to say more and the thanks, by text, at once (they are waiting)."""
    details = {"activity_title": data["activity_title"], "step": data["step"]}
    if data["step"] == "ask":
        form = ("book", f"/book/feedback/{data['request_id']}")
        return _owed("feedback_request", data, cause_event_id, details=details, action=form)
    return _owed(
        "feedback_reply", data, cause_event_id, details=details, channel="sms", asked_for=True
    )
