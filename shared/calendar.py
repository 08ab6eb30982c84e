"""iCalendar files built with the icalendar library: one booked session (the email's
attachment and the booked page's download) and a staff member's feed of sessions. Times are
written in UTC, which every calendar shows in its own zone (Europe/London here), so they stay
right across a clock change without a VTIMEZONE."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from icalendar import Calendar, Event

PRODUCT = "-//Chorus//Patient and public involvement//EN"


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def session_invite(details: dict[str, Any], now: datetime | None = None) -> str:
    """One VEVENT for a booked session. METHOD:PUBLISH, so calendars offer "add to calendar"
    rather than a meeting request the person is expected to answer. A cancelled booking sends
    METHOD:CANCEL with the same UID, which takes the entry out of their calendar."""
    cancelled = details.get("status") == "cancelled"
    calendar = _calendar("CANCEL" if cancelled else "PUBLISH")
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


@dataclass(frozen=True)
class FeedEntry:
    """One time of a session in a staff member's feed: no participant, only counts."""

    slot_id: str
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    description: str
    cancelled: bool = False


def sessions_feed(name: str, entries: Iterable[FeedEntry], now: datetime) -> str:
    """A subscribed calendar (no METHOD: calendars poll the URL and replace what they had)."""
    calendar = _calendar(None)
    calendar.add("x-wr-calname", name)
    for entry in entries:
        event = Event()
        event.add("uid", f"slot-{entry.slot_id}@chorus")
        event.add("dtstamp", now)
        event.add("dtstart", entry.starts_at.astimezone(UTC))
        event.add("dtend", entry.ends_at.astimezone(UTC))
        event.add("summary", entry.title)
        event.add("location", entry.place)
        event.add("description", entry.description)
        if entry.cancelled:
            event.add("status", "CANCELLED")
        calendar.add_component(event)
    return calendar.to_ical().decode()
