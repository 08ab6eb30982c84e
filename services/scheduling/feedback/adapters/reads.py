"""The feedback read models (ports.FeedbackReads): the form's question and the coordinators'
summary, each in one unit of work."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from services.scheduling.adapters.scoping import own
from services.scheduling.adapters.tables.feedback import feedback_requests
from services.scheduling.adapters.tables.sessions import bookings, sessions, slots
from services.scheduling.feedback.domain import DONE, SKIPPED, summarise
from services.scheduling.feedback.ports import ActivityFeedback, FeedbackQuestion, SessionFeedback


class SqlFeedbackReads:
    def __init__(self, uows: Callable[[], Any]) -> None:
        self._uows = uows

    def question(self, request_id: str, participant_id: str) -> FeedbackQuestion | None:
        """Only the person asked sees it: anyone else's id is not found."""
        query = (
            select(feedback_requests, sessions.c.activity_title, slots.c.starts_at)
            .join(bookings, bookings.c.id == feedback_requests.c.booking_id)
            .join(slots, slots.c.id == bookings.c.slot_id)
            .join(sessions, sessions.c.id == feedback_requests.c.session_id)
            .where(
                feedback_requests.c.id == request_id,
                feedback_requests.c.participant_id == participant_id,
            )
        )
        with self._uows() as uow:
            row = uow.session.execute(query).first()
        if row is None:
            return None
        answered = row.state == DONE or row.rating is not None
        return FeedbackQuestion(
            row.id,
            row.activity_id,
            row.activity_title,
            row.starts_at,
            row.rating,
            row.words,
            answered,
        )

    def asks(self, activity_id: str) -> bool:
        with self._uows() as uow:
            return bool(uow.feedback.asks(activity_id))

    def activity(self, activity_id: str) -> ActivityFeedback | None:
        """None when the activity is not the organisation in scope's (or has no sessions)."""
        with self._uows() as uow:
            if not uow.feedback.is_ours(activity_id):
                return None
            mine = uow.organisation_id
            first_start = (
                select(slots.c.session_id, func.min(slots.c.starts_at).label("starts_at"))
                .group_by(slots.c.session_id)
                .subquery()
            )
            found = uow.session.execute(
                select(
                    sessions.c.id,
                    sessions.c.activity_title,
                    sessions.c.location,
                    first_start.c.starts_at,
                )
                .join(first_start, first_start.c.session_id == sessions.c.id)
                .where(
                    sessions.c.activity_id == activity_id,
                    own(sessions.c.organisation_id, mine),
                )
                .order_by(first_start.c.starts_at)
            ).all()
            if not found:
                return None
            answers = uow.session.execute(
                select(
                    feedback_requests.c.session_id,
                    feedback_requests.c.rating,
                    feedback_requests.c.words,
                )
                .where(
                    feedback_requests.c.session_id.in_([s.id for s in found]),
                    feedback_requests.c.state != SKIPPED,  # never asked: counts nowhere
                )
                .order_by(feedback_requests.c.answered_at)
            ).all()
            asks = uow.feedback.asks(activity_id)
        by_session: dict[str, list[tuple[int | None, str | None]]] = defaultdict(list)
        for answer in answers:
            by_session[answer.session_id].append((answer.rating, answer.words))
        each = [
            SessionFeedback(s.id, s.starts_at, s.location, _summary(by_session.get(s.id, [])))
            for s in found
        ]
        every = [row for s in found for row in by_session.get(s.id, [])]
        return ActivityFeedback(activity_id, found[0].activity_title, asks, _summary(every), each)


def _summary(rows: list[tuple[int | None, str | None]]) -> Any:
    given = [(rating, words) for rating, words in rows if rating is not None or words]
    return summarise(given, asked=len(rows))
