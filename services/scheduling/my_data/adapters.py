"""Everything scheduling holds about one person, for "download my data": their bookings (times,
status, how booked), attendance, waitlist places, poll answers, feedback after sessions, and
panel memberships (terms and what they said to each meeting). Reads only; times are datetimes
and days dates (the JSON download writes them in ISO 8601)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from services.scheduling.adapters.tables.attendance import attendance
from services.scheduling.adapters.tables.feedback import feedback_requests
from services.scheduling.adapters.tables.panels import (
    panel_meeting_answers,
    panel_meetings,
    panel_members,
    panels,
)
from services.scheduling.adapters.tables.polls import poll_answers, poll_options, polls
from services.scheduling.adapters.tables.sessions import bookings, sessions, slots
from services.scheduling.adapters.tables.waitlist import waitlist_entries
from services.scheduling.feedback.domain import SKIPPED


def export(participant_id: str, uow: Any) -> dict[str, Any]:
    with uow:
        db = uow.session
        return {
            "participant_id": participant_id,
            "bookings": _bookings(db, participant_id),
            "waitlist_places": _waits(db, participant_id),
            "poll_answers": _answers(db, participant_id),
            "feedback": _feedback(db, participant_id),
            "panel_memberships": _panels(db, participant_id),
        }


def _bookings(db: Any, participant_id: str) -> list[dict[str, Any]]:
    query = (
        select(
            bookings.c.id,
            sessions.c.activity_title,
            slots.c.starts_at,
            slots.c.ends_at,
            bookings.c.status,
            bookings.c.booked_via,
            bookings.c.booked_at,
            bookings.c.cancelled_at,
            attendance.c.outcome,
            attendance.c.minutes,
        )
        .join(slots, slots.c.id == bookings.c.slot_id)
        .join(sessions, sessions.c.id == bookings.c.session_id)
        .outerjoin(attendance, attendance.c.booking_id == bookings.c.id)
        .where(bookings.c.participant_id == participant_id)
        .order_by(slots.c.starts_at)
    )
    return [
        {
            "booking_id": row.id,
            "activity_title": row.activity_title,
            "starts_at": row.starts_at,
            "ends_at": row.ends_at,
            "status": row.status,
            "booked_via": row.booked_via,
            "booked_at": row.booked_at,
            "cancelled_at": row.cancelled_at,
            "attendance": (
                {"outcome": row.outcome, "minutes": row.minutes} if row.outcome else None
            ),
        }
        for row in db.execute(query)
    ]


def _waits(db: Any, participant_id: str) -> list[dict[str, Any]]:
    entry = waitlist_entries.c
    query = (
        select(
            entry.id, sessions.c.activity_title, slots.c.starts_at, entry.status, entry.joined_at
        )
        .join(slots, slots.c.id == entry.slot_id)
        .join(sessions, sessions.c.id == entry.session_id)
        .where(entry.participant_id == participant_id)
        .order_by(entry.joined_at)
    )
    return [
        {
            "entry_id": row.id,
            "activity_title": row.activity_title,
            "starts_at": row.starts_at,
            "state": row.status,
            "joined_at": row.joined_at,
        }
        for row in db.execute(query)
    ]


def _answers(db: Any, participant_id: str) -> list[dict[str, Any]]:
    query = (
        select(poll_answers, polls.c.title)
        .join(polls, polls.c.id == poll_answers.c.poll_id)
        .where(poll_answers.c.participant_id == participant_id)
        .order_by(poll_answers.c.answered_at)
    )
    answers = []
    for row in db.execute(query):
        times = db.execute(
            select(poll_options.c.number, poll_options.c.starts_at).where(
                poll_options.c.poll_id == row.poll_id
            )
        )
        starts = {number: starts_at for number, starts_at in times}
        answers.append(
            {
                "poll_id": row.poll_id,
                "title": row.title,
                "times_that_suit": [starts[n] for n in row.choices if n in starts],
                "answered_at": row.answered_at,
                "via": row.via,
            }
        )
    return answers


def _feedback(db: Any, participant_id: str) -> list[dict[str, Any]]:
    """Each time we asked how a session went, and what they answered (their own words)."""
    asked = feedback_requests.c
    query = (
        select(
            asked.id,
            sessions.c.activity_title,
            slots.c.starts_at,
            asked.asked_at,
            asked.rating,
            asked.words,
            asked.answered_at,
            asked.via,
        )
        .join(bookings, bookings.c.id == asked.booking_id)
        .join(slots, slots.c.id == bookings.c.slot_id)
        .join(sessions, sessions.c.id == asked.session_id)
        .where(asked.participant_id == participant_id, asked.state != SKIPPED)
        .order_by(slots.c.starts_at)
    )
    return [
        {
            "request_id": row.id,
            "activity_title": row.activity_title,
            "session_starts_at": row.starts_at,
            "asked_at": row.asked_at,
            "rating": row.rating,
            "words": row.words,
            "answered_at": row.answered_at,
            "via": row.via,
        }
        for row in db.execute(query)
    ]


def _panels(db: Any, participant_id: str) -> list[dict[str, Any]]:
    """Each panel they were asked to join: the term, where it stands, and each meeting they
    were asked to with their answer (None: not answered)."""
    member = panel_members.c
    query = (
        select(
            member.activity_id,
            panels.c.title,
            member.starts_on,
            member.ends_on,
            member.status,
            member.invited_at,
            member.answered_at,
            member.via,
        )
        .join(panels, panels.c.activity_id == member.activity_id)
        .where(member.participant_id == participant_id)
        .order_by(member.invited_at)
    )
    asked = panel_meeting_answers.c
    meetings = db.execute(
        select(
            panel_meetings.c.activity_id,
            panel_meetings.c.starts_at,
            asked.asked_at,
            asked.answer,
            asked.answered_at,
            asked.via,
        )
        .join(panel_meetings, panel_meetings.c.session_id == asked.session_id)
        .where(asked.participant_id == participant_id)
        .order_by(panel_meetings.c.starts_at)
    ).all()
    return [
        {
            "title": row.title,
            "term_starts_on": row.starts_on,
            "term_ends_on": row.ends_on,
            "status": row.status,
            "invited_at": row.invited_at,
            "answered_at": row.answered_at,
            "via": row.via,
            "meetings": [
                {
                    "starts_at": m.starts_at,
                    "asked_at": m.asked_at,
                    "answer": m.answer,
                    "answered_at": m.answered_at,
                    "via": m.via,
                }
                for m in meetings
                if m.activity_id == row.activity_id
            ],
        }
        for row in db.execute(query)
    ]


class SqlMyDataReads:
    """ports.MyDataReads on the database."""

    def __init__(self, uows: Callable[[], Any]) -> None:
        self._uows = uows

    def export(self, participant_id: str) -> dict[str, Any]:
        return export(participant_id, self._uows())
