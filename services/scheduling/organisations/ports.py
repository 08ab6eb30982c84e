"""What pages (and, later, handlers) read about an organisation."""

from __future__ import annotations

from typing import Protocol

from shared.vocabulary.organisations import Organisation


class OrganisationReads(Protocol):
    def get(self, organisation_id: str) -> Organisation | None: ...
