"""iCalendar invitations for booked sessions, built with the icalendar library."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from icalendar import Calendar, Event

PRODUCT = "-//Chorus//Patient and public involvement//EN"


def session_invite(details: dict[str, Any], now: datetime | None = None) -> str:
    """One VEVENT for a booked session. METHOD:PUBLISH, so calendars offer "add to calendar"
    rather than a meeting request the person is expected to answer. A cancelled booking sends
    METHOD:CANCEL with the same UID, which takes the entry out of their calendar."""
    cancelled = details.get("status") == "cancelled"
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    # The same UID for the person's place in the session, so a move updates the entry and a
    # cancellation removes it; a higher SEQUENCE tells calendars which news is newer.
    event.add("uid", f"{details.get('calendar_uid') or details['booking_id']}@chorus")
    event.add("sequence", int(details.get("calendar_sequence") or 0))
    event.add("dtstamp", now or datetime.now(UTC))
    event.add("dtstart", datetime.fromisoformat(details["starts_at"]).astimezone(UTC))
    if details.get("ends_at"):
        event.add("dtend", datetime.fromisoformat(details["ends_at"]).astimezone(UTC))
    if cancelled:
        event.add("status", "CANCELLED")
    if details.get("activity_title"):
        event.add("summary", details["activity_title"])
    if details.get("location"):
        event.add("location", details["location"])
    if details.get("joining_url"):
        event.add("url", details["joining_url"])
        event.add("description", f"Join online: {details['joining_url']}")
    calendar.add_component(event)
    return calendar.to_ical().decode()
