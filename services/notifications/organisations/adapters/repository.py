"""The organisations projection on the database: the repository the unit of work holds, and
the read model (ports.OrganisationReads) that answers one organisation by id."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from services.notifications.organisations.adapters.tables import organisations
from services.notifications.organisations.domain import Organisation
from services.notifications.ports import UnitOfWork


class SqlAlchemyOrganisations:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, organisation_id: str) -> Organisation | None:
        query = select(organisations).where(organisations.c.organisation_id == organisation_id)
        row = self.session.execute(query).mappings().first()
        return Organisation(**row) if row else None

    def save(self, organisation: Organisation) -> None:
        values = asdict(organisation)
        mine = organisations.c.organisation_id == organisation.organisation_id
        if self.session.execute(select(organisations.c.organisation_id).where(mine)).first():
            self.session.execute(update(organisations).where(mine).values(**values))
        else:
            self.session.execute(insert(organisations).values(**values))


class SqlOrganisationReads:
    """Each answer in a unit of work of its own."""

    def __init__(self, uows: Callable[[], UnitOfWork]) -> None:
        self._uows = uows

    def get(self, organisation_id: str) -> Organisation | None:
        with self._uows() as uow:
            return uow.organisations.get(organisation_id)
