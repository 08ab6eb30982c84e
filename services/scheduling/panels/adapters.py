"""Panels' repository on scheduling's tables (adapters/tables/panels.py). Scoped like polls:
a staff request sees only its organisation's panels (another's is not found)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, insert, select, update
from sqlalchemy.orm import Session as DbSession

from services.scheduling.adapters.tables.panels import (
    panel_meeting_answers,
    panel_meetings,
    panel_members,
    panels,
)
from services.scheduling.panels.domain import (
    JOINED,
    RENEW_WITHIN,
    Meeting,
    Membership,
    Panel,
    Term,
)


def outside_panel(session_id: Any, participant_id: Any) -> ColumnElement[bool]:
    """True when the session is a panel's meeting and the person is not a joined member of
    that panel: booking it is refused (one expression, so the desk needs no extra trip)."""
    member = (
        select(panel_members.c.participant_id)
        .where(
            panel_members.c.activity_id == panel_meetings.c.activity_id,
            panel_members.c.participant_id == participant_id,
            panel_members.c.status == JOINED,
        )
        .exists()
    )
    return exists().where(panel_meetings.c.session_id == session_id, ~member)


def _panel(row: Any) -> Panel:
    return Panel(
        row.activity_id,
        row.organisation_id,
        row.title,
        row.format,
        row.location,
        tuple(row.access_features),
        row.joining_url,
        row.created_at,
    )


def _member(row: Any) -> Membership:
    return Membership(
        row.activity_id,
        row.participant_id,
        Term(row.starts_on, row.ends_on),
        row.invited_at,
        row.status,
        row.answered_at,
        row.via,
    )


def _meeting(row: Any) -> Meeting:
    return Meeting(
        row.session_id, row.activity_id, row.slot_id, row.starts_at, row.ends_at, row.capacity
    )


class SqlAlchemyPanelRepository:
    def __init__(self, db: DbSession, organisation_id: str | None = None) -> None:
        self.db = db
        self.organisation_id = organisation_id

    def add(self, panel: Panel) -> None:
        self.db.execute(
            insert(panels).values(
                activity_id=panel.activity_id,
                organisation_id=panel.organisation_id,
                title=panel.title,
                format=panel.format,
                location=panel.location,
                access_features=panel.access_features,
                joining_url=panel.joining_url,
                created_at=panel.created_at,
            )
        )

    def get(self, activity_id: str) -> Panel | None:
        query = select(panels).where(panels.c.activity_id == activity_id)
        if self.organisation_id is not None:
            query = query.where(panels.c.organisation_id == self.organisation_id)
        row = self.db.execute(query).first()
        return None if row is None else _panel(row)

    def listed(self) -> list[Panel]:
        """The organisation's panels, by name."""
        query = select(panels).order_by(panels.c.title)
        if self.organisation_id is not None:
            query = query.where(panels.c.organisation_id == self.organisation_id)
        return [_panel(row) for row in self.db.execute(query)]

    def add_member(self, member: Membership) -> None:
        self.db.execute(
            insert(panel_members).values(
                activity_id=member.activity_id,
                participant_id=member.participant_id,
                **self._fields(member),
            )
        )

    def save_member(self, member: Membership) -> None:
        self.db.execute(
            update(panel_members)
            .where(
                panel_members.c.activity_id == member.activity_id,
                panel_members.c.participant_id == member.participant_id,
            )
            .values(**self._fields(member))
        )

    @staticmethod
    def _fields(member: Membership) -> dict[str, Any]:
        return {
            "starts_on": member.term.starts_on,
            "ends_on": member.term.ends_on,
            "status": member.status,
            "invited_at": member.invited_at,
            "answered_at": member.answered_at,
            "via": member.via,
        }

    def member(self, activity_id: str, participant_id: str) -> Membership | None:
        row = self.db.execute(
            select(panel_members).where(
                panel_members.c.activity_id == activity_id,
                panel_members.c.participant_id == participant_id,
            )
        ).first()
        return _member(row) if row else None

    def members(self, activity_id: str) -> list[Membership]:
        query = (
            select(panel_members)
            .where(panel_members.c.activity_id == activity_id)
            .order_by(panel_members.c.invited_at)
        )
        return [_member(row) for row in self.db.execute(query)]

    def memberships_of(self, participant_id: str) -> list[Membership]:
        """Theirs, newest invitation first."""
        query = (
            select(panel_members)
            .where(panel_members.c.participant_id == participant_id)
            .order_by(panel_members.c.invited_at.desc())
        )
        return [_member(row) for row in self.db.execute(query)]

    def add_meeting(self, meeting: Meeting) -> None:
        self.db.execute(
            insert(panel_meetings).values(
                session_id=meeting.session_id,
                activity_id=meeting.activity_id,
                slot_id=meeting.slot_id,
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                capacity=meeting.capacity,
            )
        )

    def meeting(self, session_id: str) -> Meeting | None:
        row = self.db.execute(
            select(panel_meetings).where(panel_meetings.c.session_id == session_id)
        ).first()
        return _meeting(row) if row else None

    def meetings(self, activity_id: str) -> list[Meeting]:
        query = (
            select(panel_meetings)
            .where(panel_meetings.c.activity_id == activity_id)
            .order_by(panel_meetings.c.starts_at)
        )
        return [_meeting(row) for row in self.db.execute(query)]

    def ask(self, session_id: str, participant_id: str, at: datetime) -> bool:
        """True when newly asked (each member is asked to each meeting once)."""
        if self.is_asked(session_id, participant_id):
            return False
        self.db.execute(
            insert(panel_meeting_answers).values(
                session_id=session_id, participant_id=participant_id, asked_at=at
            )
        )
        return True

    def is_asked(self, session_id: str, participant_id: str) -> bool:
        query = select(panel_meeting_answers.c.asked_at).where(
            panel_meeting_answers.c.session_id == session_id,
            panel_meeting_answers.c.participant_id == participant_id,
        )
        return self.db.execute(query).first() is not None

    def answer(
        self, session_id: str, participant_id: str, answer: str, via: str, at: datetime
    ) -> None:
        self.db.execute(
            update(panel_meeting_answers)
            .where(
                panel_meeting_answers.c.session_id == session_id,
                panel_meeting_answers.c.participant_id == participant_id,
            )
            .values(answer=answer, via=via, answered_at=at)
        )

    def answers(self, activity_id: str) -> dict[str, dict[str, str | None]]:
        """{session id: {participant id: 'yes', 'no' or None (not answered yet)}}."""
        query = (
            select(
                panel_meeting_answers.c.session_id,
                panel_meeting_answers.c.participant_id,
                panel_meeting_answers.c.answer,
            )
            .join(
                panel_meetings,
                panel_meetings.c.session_id == panel_meeting_answers.c.session_id,
            )
            .where(panel_meetings.c.activity_id == activity_id)
        )
        found: dict[str, dict[str, str | None]] = {}
        for row in self.db.execute(query):
            found.setdefault(row.session_id, {})[row.participant_id] = row.answer
        return found

    def open_meeting_questions(
        self, participant_id: str, now: datetime
    ) -> list[tuple[Meeting, datetime]]:
        """Meetings still to start they were asked to and have not answered, newest asked
        first, with when they were asked."""
        query = (
            select(panel_meetings, panel_meeting_answers.c.asked_at)
            .join(
                panel_meeting_answers,
                panel_meeting_answers.c.session_id == panel_meetings.c.session_id,
            )
            .where(
                panel_meeting_answers.c.participant_id == participant_id,
                panel_meeting_answers.c.answer.is_(None),
                panel_meetings.c.starts_at > now,
            )
            .order_by(panel_meeting_answers.c.asked_at.desc(), panel_meetings.c.starts_at)
        )
        return [(_meeting(row), row.asked_at) for row in self.db.execute(query)]

    def terms_to_review(self, today: date) -> list[tuple[Membership, str | None]]:
        """Joined members whose term ends within the renewal window, and any whose renewal
        task was announced open (it may be done now), with that task's last state."""
        soon = and_(
            panel_members.c.status == JOINED,
            panel_members.c.ends_on >= today,
            panel_members.c.ends_on <= today + RENEW_WITHIN,
        )
        query = select(panel_members).where(soon | (panel_members.c.renewal_task == "open"))
        return [(_member(row), row.renewal_task) for row in self.db.execute(query)]

    def note_renewal_task(self, activity_id: str, participant_id: str, state: str) -> None:
        self.db.execute(
            update(panel_members)
            .where(
                panel_members.c.activity_id == activity_id,
                panel_members.c.participant_id == participant_id,
            )
            .values(renewal_task=state)
        )
