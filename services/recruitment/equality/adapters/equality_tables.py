"""Equality answers: their own table, apart from the profile, keyed by participant id and the
organisation they were given to (each is its own data controller), with no foreign key, so the
profile's tables never join to it by accident."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, String, Table, select
from sqlalchemy.orm import Session

from services.recruitment.adapters.orm import metadata
from services.recruitment.equality.domain.equality import QUESTIONS
from shared.db import UtcDateTime

equality_answers = Table(
    "equality_answers",
    metadata,
    Column("participant_id", String(36), primary_key=True),
    Column("organisation_id", String(36), primary_key=True),
    *(Column(question, String(40), nullable=True) for question in QUESTIONS),
    Column("answered_at", UtcDateTime, nullable=False),
)


class SqlAlchemyEqualityAnswers:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _theirs(self, participant_id: str, organisation_id: str) -> Any:
        return (equality_answers.c.participant_id == participant_id) & (
            equality_answers.c.organisation_id == organisation_id
        )

    def get(self, participant_id: str, organisation_id: str) -> dict[str, str | None] | None:
        query = select(equality_answers).where(self._theirs(participant_id, organisation_id))
        row = self.session.execute(query).mappings().first()
        return {q: row[q] for q in QUESTIONS} if row else None

    def all_for(self, participant_id: str) -> dict[str, dict[str, str | None]]:
        """Every organisation's answers from this person, by organisation id (their export)."""
        query = select(equality_answers).where(equality_answers.c.participant_id == participant_id)
        rows = self.session.execute(query).mappings()
        return {row["organisation_id"]: {q: row[q] for q in QUESTIONS} for row in rows}

    def save(
        self,
        participant_id: str,
        organisation_id: str,
        answers: dict[str, str | None],
        now: datetime,
    ) -> None:
        self.delete(participant_id, organisation_id)
        self.session.execute(
            equality_answers.insert().values(
                participant_id=participant_id,
                organisation_id=organisation_id,
                answered_at=now,
                **answers,
            )
        )

    def for_participants(
        self, participant_ids: list[str], organisation_id: str
    ) -> dict[str, dict[str, str | None]]:
        """The answers these people gave to this organisation (none given to another)."""
        found: dict[str, dict[str, str | None]] = {}
        for start in range(0, len(participant_ids), 500):  # keep IN lists a sane size
            chunk = participant_ids[start : start + 500]
            query = select(equality_answers).where(
                equality_answers.c.participant_id.in_(chunk),
                equality_answers.c.organisation_id == organisation_id,
            )
            for row in self.session.execute(query).mappings():
                found[row["participant_id"]] = {q: row[q] for q in QUESTIONS}
        return found

    def delete(self, participant_id: str, organisation_id: str) -> int:
        """The answers given to one organisation; those given to others stay."""
        theirs = self._theirs(participant_id, organisation_id)
        return self.session.execute(equality_answers.delete().where(theirs)).rowcount or 0

    def delete_all(self, participant_id: str) -> int:
        mine = equality_answers.c.participant_id == participant_id
        return self.session.execute(equality_answers.delete().where(mine)).rowcount or 0


def answers_on(uow: Any) -> SqlAlchemyEqualityAnswers:
    """The repository on a unit of work's open session (the unit of work commits)."""
    return SqlAlchemyEqualityAnswers(uow.session)


def forget_equality(participant_id: str, session_or_uow: Any) -> int:
    """Full erasure: delete the person's equality answers to every organisation. Takes a
    Session or a unit of work that is already open; the caller commits. Returns how many rows
    went (one per organisation answered)."""
    session = getattr(session_or_uow, "session", session_or_uow)
    return SqlAlchemyEqualityAnswers(session).delete_all(participant_id)
