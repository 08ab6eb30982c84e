"""Keeping the organisations projection. Runs inside the consumer's unit of work (the runner
commits, with the inbox row)."""

from __future__ import annotations

from services.scheduling.organisations.commands import KeepOrganisation
from services.scheduling.ports import UnitOfWork


def keep_organisation(cmd: KeepOrganisation, uow: UnitOfWork) -> None:
    """The latest change wins; an older one (the compacted topic replayed) changes nothing."""
    organisation = cmd.organisation
    if organisation.replaces(uow.organisations.get(organisation.organisation_id)):
        uow.organisations.save(organisation)
