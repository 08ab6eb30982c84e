"""What organisations' use cases need from the outside world."""

from __future__ import annotations

from typing import Protocol

from services.recruitment.organisations.domain.organisation import Organisation


class OrganisationRepository(Protocol):
    def add(self, organisation: Organisation) -> None: ...
    def get(self, organisation_id: str) -> Organisation | None: ...
    def by_short_name(self, short_name: str) -> Organisation | None: ...
    def all(self) -> list[Organisation]: ...
