"""Keeping the organisations projection. Run by the consumer inside its unit of work (the
runner commits, with the inbox row)."""

from __future__ import annotations

from services.payments.organisations.commands import NoteOrganisation
from services.payments.ports import UnitOfWork


def organisation_changed(cmd: NoteOrganisation, uow: UnitOfWork) -> None:
    """The latest change wins; an older one (the compacted topic replayed) changes nothing."""
    organisation = cmd.organisation
    if organisation.replaces(uow.organisations.get(organisation.organisation_id)):
        uow.organisations.save(organisation)
