"""Each service's copy of the organisations on this deployment (every service but recruitment,
which owns them): the `organisations` table on its own MetaData (in each service's Alembic
target_metadata; each service's migration calls create_organisations_table), the repository a
unit of work holds as `uow.organisations`, and the read model a bus offers as
`organisation_reads`. Filled from OrganisationChanged on the compacted recruitment.organisation
by each service's own command and handler; the value is shared/vocabulary/organisations.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select, update
from sqlalchemy.orm import Session

from shared.db import UtcDateTime
from shared.vocabulary.organisations import Organisation

organisations_metadata = MetaData()


def detail_columns(*, unique_short_name: bool = False) -> list[Column[Any]]:
    """An organisation's public details as OrganisationChanged carries them (name to
    finance_threshold_pence), new columns each call: recruitment's own organisations table
    has them (its short names unique) and so does every service's copy below."""
    return [
        Column("name", String(100), nullable=False),
        Column("short_name", String(20), nullable=False, unique=unique_short_name or None),
        Column("welsh_name", String(100), nullable=True),
        Column("public_contact", String(200), nullable=False),
        Column("privacy_notice_url", String(500), nullable=True),
        Column("accessibility_contact", String(200), nullable=True),
        Column("logo_url", String(500), nullable=True),
        Column("sms_sender", String(40), nullable=True),
        Column("email_from_name", String(100), nullable=True),
        Column("email_from_address", String(254), nullable=True),
        Column("stripe_account", String(40), nullable=True),
        Column("finance_threshold_pence", Integer, nullable=False),
    ]


# Their public details only, keyed by recruitment's id, with the moment of the change kept.
organisations = Table(
    "organisations",
    organisations_metadata,
    Column("organisation_id", String(36), primary_key=True),
    *detail_columns(),
    Column("changed_at", UtcDateTime, nullable=False),
)


class SqlAlchemyOrganisations:
    """Each service's ports.OrganisationRepository, in the unit of work's session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, organisation_id: str) -> Organisation | None:
        query = select(organisations).where(organisations.c.organisation_id == organisation_id)
        row = self.session.execute(query).mappings().first()
        return Organisation(**row) if row else None

    def by_sms_sender(self, number: str) -> Organisation | None:
        """The organisation that texts from this number (a reply's To), if one does."""
        query = select(organisations).where(organisations.c.sms_sender == number).limit(1)
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
    """Each service's OrganisationReads: one organisation by id, each answer in a unit of work
    of its own (any unit of work with `organisations`)."""

    def __init__(self, uows: Callable[[], Any]) -> None:
        self._uows = uows

    def get(self, organisation_id: str) -> Organisation | None:
        with self._uows() as uow:
            found: Organisation | None = uow.organisations.get(organisation_id)
            return found


def create_organisations_table(op: Any) -> None:
    """Alembic helper, as shared.staff_sessions.create_staff_sessions_table."""
    op.create_table(organisations.name, *[column._copy() for column in organisations.columns])
