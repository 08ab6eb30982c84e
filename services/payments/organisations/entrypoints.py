"""OrganisationChanged as payments' command, built from the payload the consumer loaded."""

from __future__ import annotations

import dataclasses
from typing import Any

from services.payments.organisations.commands import NoteOrganisation
from services.payments.organisations.domain import Organisation


def organisation_changed(data: dict[str, Any]) -> NoteOrganisation:
    details = {field.name: data[field.name] for field in dataclasses.fields(Organisation)}
    details["organisation_id"] = str(details["organisation_id"])
    return NoteOrganisation(Organisation(**details))
