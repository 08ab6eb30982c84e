"""The organisations projection on the database (table `organisations`, migration 0017): the
repository the unit of work holds, and the read model pages get through the bus."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session as DbSession

from services.scheduling.adapters.tables.organisations import organisations
from services.scheduling.organisations.domain import Organisation
from services.scheduling.ports import UnitOfWork


class SqlAlchemyOrganisations:
    def __init__(self, db: DbSession) -> None:
        self.db = db

    def get(self, organisation_id: str) -> Organisation | None:
        query = select(organisations).where(organisations.c.organisation_id == organisation_id)
        row = self.db.execute(query).mappings().first()
        return Organisation(**row) if row else None

    def save(self, organisation: Organisation) -> None:
        values = asdict(organisation)
        mine = organisations.c.organisation_id == organisation.organisation_id
        if self.db.execute(select(organisations.c.organisation_id).where(mine)).first() is None:
            self.db.execute(insert(organisations).values(**values))
        else:
            self.db.execute(update(organisations).where(mine).values(**values))


class SqlOrganisationReads:
    """organisations.ports.OrganisationReads: each answer in a unit of work of its own."""

    def __init__(self, uows: Callable[[], UnitOfWork]) -> None:
        self._uows = uows

    def get(self, organisation_id: str) -> Organisation | None:
        with self._uows() as uow:
            return uow.organisations.get(organisation_id)
