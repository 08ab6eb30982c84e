"""The activity -> organisation projection on the database."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session as DbSession

from services.scheduling.adapters.tables.activities import activity_organisations


class SqlAlchemyActivityOrganisations:
    def __init__(self, db: DbSession) -> None:
        self.db = db

    def organisation_of(self, activity_id: str) -> str | None:
        query = select(activity_organisations.c.organisation_id).where(
            activity_organisations.c.activity_id == activity_id
        )
        return self.db.execute(query).scalar_one_or_none()

    def save(self, activity_id: str, organisation_id: str) -> None:
        """Safe to repeat (a redelivery, the topic replayed)."""
        if self.organisation_of(activity_id) is None:
            row = {"activity_id": activity_id, "organisation_id": organisation_id}
            self.db.execute(insert(activity_organisations).values(**row))
        else:
            self.db.execute(
                update(activity_organisations)
                .where(activity_organisations.c.activity_id == activity_id)
                .values(organisation_id=organisation_id)
            )
