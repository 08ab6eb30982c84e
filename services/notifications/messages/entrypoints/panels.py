"""Scheduling's advisory panel events as the messages they owe people: an invitation to join
for a term, an invitation to each meeting (its UK time), and a word back when they answered
by text (a yes to a meeting is a booking: BookingConfirmed says so)."""

from __future__ import annotations

from typing import Any

from services.notifications.messages.commands import QueueMessage


def _panel_page(data: dict[str, Any]) -> tuple[str, str]:
    return ("book", f"/book/panels/{data['activity_id']}")


def invite_to_panel(data: dict[str, Any], cause_event_id: str) -> QueueMessage:
    """Unasked for, so a text waits for the morning like any invitation."""
    details = {
        "activity_title": data["title"],
        "starts_on": data["starts_on"].isoformat(),
        "ends_on": data["ends_on"].isoformat(),
    }
    return QueueMessage(
        str(data["participant_id"]),
        "panel_invitation",
        cause_event_id,
        details=details,
        activity_id=str(data["activity_id"]),
        action=_panel_page(data),
    )


def invite_to_meeting(data: dict[str, Any], cause_event_id: str) -> QueueMessage:
    details = {
        "activity_title": data["title"],
        "starts_at": data["starts_at"].isoformat(),
        "ends_at": data["ends_at"].isoformat(),
        "location": data.get("location"),
    }
    return QueueMessage(
        str(data["participant_id"]),
        "panel_meeting",
        cause_event_id,
        details=details,
        activity_id=str(data["activity_id"]),
        action=_panel_page(data),
    )


def _by_text(data: dict[str, Any], what: str, cause_event_id: str) -> QueueMessage | None:
    if data.get("via") != "sms":
        return None  # the page says so itself
    return QueueMessage(
        str(data["participant_id"]),
        "panel_answered",
        cause_event_id,
        details={"what": what},
        activity_id=str(data["activity_id"]),
        channel="sms",
        asked_for=True,
    )


def acknowledge_joining(data: dict[str, Any], cause_event_id: str) -> QueueMessage | None:
    return _by_text(data, "joined", cause_event_id)


def acknowledge_leaving(data: dict[str, Any], cause_event_id: str) -> QueueMessage | None:
    return _by_text(data, str(data["how"]), cause_event_id)  # declined | left


def acknowledge_meeting_answer(data: dict[str, Any], cause_event_id: str) -> QueueMessage | None:
    if data["answer"] != "no":
        return None  # yes is a booking: its confirmation is the answer
    return _by_text(data, "meeting_no", cause_event_id)
