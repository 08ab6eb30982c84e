"""Keeping activity -> organisation, and the organisation a new session or poll belongs to."""

from __future__ import annotations

from services.scheduling.activities.commands import KeepActivityOrganisation
from services.scheduling.ports import NotFound, UnitOfWork
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID


def keep_activity_organisation(cmd: KeepActivityOrganisation, uow: UnitOfWork) -> None:
    """Inside the consumer's unit of work (the runner commits, with the inbox row)."""
    uow.activities.save(cmd.activity_id, cmd.organisation_id)


def organisation_for(activity_id: str, uow: UnitOfWork) -> str:
    """Whose a new session or poll of this activity is. Another organisation's activity is
    NotFound, as an unknown id would be (404, never 403)."""
    known = uow.activities.organisation_of(activity_id)
    if known is None:
        # Not heard of yet (ActivityPublished may still be on its way): the organisation in
        # scope; outside a staff request (the command line), the first organisation.
        return uow.organisation_id or FIRST_ORGANISATION_ID
    if uow.organisation_id not in (None, known):
        raise NotFound("There is no such activity.")
    return known
