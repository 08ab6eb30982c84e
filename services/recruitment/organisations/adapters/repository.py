"""Organisations on the database (ports.OrganisationRepository)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.recruitment.organisations.domain.organisation import Organisation
from shared.pages.organisation import PageOrganisation


class SqlAlchemyOrganisationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.seen: set[Organisation] = set()

    def add(self, organisation: Organisation) -> None:
        self.session.add(organisation)
        self.seen.add(organisation)

    def get(self, organisation_id: str) -> Organisation | None:
        found = self.session.get(Organisation, organisation_id)
        if found is not None:
            self.seen.add(found)
        return found

    def by_short_name(self, short_name: str) -> Organisation | None:
        query = select(Organisation).where(Organisation.short_name == short_name)  # type: ignore[arg-type]
        return self.session.scalars(query).first()

    def all(self) -> list[Organisation]:
        query = select(Organisation).order_by(Organisation.name)  # type: ignore[arg-type]
        return list(self.session.scalars(query))


def organisation_for_pages(organisation_id: str, uow: Any) -> PageOrganisation | None:
    """For the layout (shared.pages.organisation): its name, logo, notice and contact."""
    with uow:
        found = uow.organisations.get(organisation_id)
        return None if found is None else PageOrganisation.of(found)
