"""What recruitment tells payments about organisations (the consumer builds these)."""

from __future__ import annotations

from dataclasses import dataclass

from services.payments.organisations.domain import Organisation


@dataclass(frozen=True)
class NoteOrganisation:
    """OrganisationChanged: the organisation as it now is."""

    organisation: Organisation
