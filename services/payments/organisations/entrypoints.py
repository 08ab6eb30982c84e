"""OrganisationChanged as payments' command, built from the payload the consumer loaded."""

from __future__ import annotations

from typing import Any

from services.payments.organisations.commands import NoteOrganisation
from shared.vocabulary.organisations import Organisation


def organisation_changed(data: dict[str, Any]) -> NoteOrganisation:
    return NoteOrganisation(Organisation.from_event(data))
