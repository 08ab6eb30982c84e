"""Outcomes, scoped through their activity: another organisation's are not found."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.recruitment.activities.adapters.activity_repository import owned
from services.recruitment.outcomes.domain.outcome import Outcome
from shared.db import sqlite_write_lock


class SqlAlchemyOutcomeRepository:
    def __init__(self, session: Session, organisation_id: str | None = None) -> None:
        self.session = session
        self.organisation_id = organisation_id
        self.seen: set[Outcome] = set()

    def add(self, outcome: Outcome) -> None:
        self.session.add(outcome)
        self.seen.add(outcome)

    def get(self, activity_id: str, outcome_id: str, for_update: bool = False) -> Outcome | None:
        query = select(Outcome).where(
            Outcome.id == outcome_id,
            Outcome.activity_id == activity_id,
            owned(Outcome.activity_id, self.organisation_id),
        )
        if for_update:  # publishing: a second click waits, then finds it published
            sqlite_write_lock(self.session)  # SQLite ignores FOR UPDATE
            query = query.with_for_update().execution_options(populate_existing=True)
        found = self.session.scalars(query).first()
        if found is not None:
            self.seen.add(found)
        return found

    def for_activity(self, activity_id: str, published_only: bool = False) -> list[Outcome]:
        query = select(Outcome).where(
            Outcome.activity_id == activity_id, owned(Outcome.activity_id, self.organisation_id)
        )
        if published_only:
            query = query.where(Outcome.published_at.is_not(None))
        return list(
            self.session.scalars(query.order_by(Outcome.decided_on.desc(), Outcome.created_at))
        )
