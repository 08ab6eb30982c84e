"""What recruitment tells notifications about organisations (the consumer builds these)."""

from __future__ import annotations

from dataclasses import dataclass

from shared.vocabulary.organisations import Organisation


@dataclass(frozen=True)
class RecordOrganisation:
    """OrganisationChanged: the organisation as it now is."""

    organisation: Organisation
