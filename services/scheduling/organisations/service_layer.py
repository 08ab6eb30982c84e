"""Keeping the organisations projection (inside the consumer's unit of work: the runner
commits, with the inbox row), and reading whose an activity is for its pages."""

from __future__ import annotations

from services.scheduling.organisations.commands import KeepOrganisation
from services.scheduling.ports import UnitOfWork
from shared.vocabulary.organisations import Organisation


def keep_organisation(cmd: KeepOrganisation, uow: UnitOfWork) -> None:
    """The latest change wins; an older one (the compacted topic replayed) changes nothing."""
    organisation = cmd.organisation
    if organisation.replaces(uow.organisations.get(organisation.organisation_id)):
        uow.organisations.save(organisation)


def organisation_of_activity(activity_id: str, uow: UnitOfWork) -> Organisation | None:
    """The organisation whose activity this is, for its pages' header and footer; None if
    scheduling has not heard whose it is, or of that organisation, yet (the deployment's)."""
    with uow:
        organisation_id = uow.activities.organisation_of(activity_id)
        return uow.organisations.get(organisation_id) if organisation_id else None
