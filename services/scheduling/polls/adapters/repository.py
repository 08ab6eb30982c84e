"""Availability polls, who was invited to each, and their answers. With an organisation in
scope (adapters/scoping.py), another organisation's polls are not found."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from services.scheduling.adapters.scoping import own
from services.scheduling.adapters.tables.polls import poll_invitations, polls
from services.scheduling.polls.domain import OPEN, Poll, PollAnswer
from shared.db import sqlite_write_lock


class SqlAlchemyPollRepository:
    def __init__(self, db: DbSession, organisation_id: str | None = None) -> None:
        self.db = db
        self.organisation_id = organisation_id

    def add(self, poll: Poll) -> None:
        self.db.add(poll)

    def get(self, poll_id: str) -> Poll | None:
        query = (
            select(Poll)
            .where(Poll.id == poll_id, self._own())  # type: ignore[arg-type]
            .options(selectinload(Poll.options))  # type: ignore[arg-type]
        )
        return self.db.scalars(query).first()

    def lock(self, poll_id: str) -> Poll | None:
        """The poll, locked until commit: two clicks that turn a time into a session take
        turns, so the second sees the first's session."""
        sqlite_write_lock(self.db)
        query = (
            select(Poll)
            .where(Poll.id == poll_id, self._own())  # type: ignore[arg-type]
            .with_for_update()
            .options(selectinload(Poll.options))  # type: ignore[arg-type]
            .execution_options(populate_existing=True)
        )
        return self.db.scalars(query).first()

    def recent(self, limit: int) -> list[Poll]:
        """The newest polls first."""
        query = (
            select(Poll)
            .where(self._own())
            .order_by(polls.c.created_at.desc(), polls.c.id)
            .limit(limit)
            .options(selectinload(Poll.options))  # type: ignore[arg-type]
        )
        return list(self.db.scalars(query))

    def _own(self) -> ColumnElement[bool]:
        return own(polls.c.organisation_id, self.organisation_id)

    def invite(self, poll_id: str, participant_id: str, at: datetime) -> bool:
        """False when they were invited already (the first invitation stands)."""
        if self.is_invited(poll_id, participant_id):
            return False
        try:
            with self.db.begin_nested():  # another coordinator may be inviting them right now
                self.db.execute(
                    insert(poll_invitations).values(
                        poll_id=poll_id, participant_id=participant_id, invited_at=at
                    )
                )
        except IntegrityError:
            return False
        return True

    def is_invited(self, poll_id: str, participant_id: str) -> bool:
        query = select(poll_invitations.c.participant_id).where(
            poll_invitations.c.poll_id == poll_id,
            poll_invitations.c.participant_id == participant_id,
        )
        return self.db.scalars(query).first() is not None

    def invited(self, poll_id: str) -> list[str]:
        query = (
            select(poll_invitations.c.participant_id)
            .where(poll_invitations.c.poll_id == poll_id)
            .order_by(poll_invitations.c.invited_at, poll_invitations.c.participant_id)
        )
        return list(self.db.scalars(query))

    def latest_open_invitation(
        self, participant_id: str, now: datetime, organisation_id: str | None = None
    ) -> tuple[Poll, datetime] | None:
        """The open poll they were most recently invited to (by that organisation, if named:
        the one whose number they texted), and when they were invited."""
        query = (
            select(Poll, poll_invitations.c.invited_at)
            .join(poll_invitations, poll_invitations.c.poll_id == Poll.id)  # type: ignore[arg-type]
            .where(
                poll_invitations.c.participant_id == participant_id,
                Poll.status == OPEN,  # type: ignore[arg-type]
                Poll.closes_at > now,  # type: ignore[arg-type]
            )
            .order_by(poll_invitations.c.invited_at.desc())
            .limit(1)
            .options(selectinload(Poll.options))  # type: ignore[arg-type]
        )
        if organisation_id is not None:  # a poll carries its organisation
            query = query.where(own(Poll.organisation_id, organisation_id))  # type: ignore[attr-defined]
        row = self.db.execute(query).first()
        return (row[0], row[1]) if row else None

    def answer_of(self, poll_id: str, participant_id: str) -> PollAnswer | None:
        return self.db.get(PollAnswer, (poll_id, participant_id))

    def add_answer(self, answer: PollAnswer) -> None:
        self.db.add(answer)

    def answers(self, poll_id: str) -> list[PollAnswer]:
        query = select(PollAnswer).where(PollAnswer.poll_id == poll_id)  # type: ignore[arg-type]
        return list(self.db.scalars(query))
