"""Keeping the organisations projection, inside the consumer's unit of work (the runner
commits, with the inbox row)."""

from __future__ import annotations

from services.notifications.organisations.commands import RecordOrganisation
from services.notifications.ports import UnitOfWork


def record_organisation(command: RecordOrganisation, uow: UnitOfWork) -> None:
    """The latest change wins; an older one (the compacted topic replayed) changes nothing."""
    organisation = command.organisation
    if organisation.replaces(uow.organisations.get(organisation.organisation_id)):
        uow.organisations.save(organisation)
