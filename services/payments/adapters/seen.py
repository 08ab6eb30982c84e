"""What a repository loaded or added in this unit of work: the unit of work collects the
domain events of these aggregates when it commits."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")


class Seen:
    def __init__(self, session: Session, organisation_id: str | None = None) -> None:
        self.session = session
        self.organisation_id = organisation_id  # the organisation in scope (adapters/scope.py)
        self.seen: set[object] = set()

    def _keep(self, found: T | None) -> T | None:
        if found is not None:
            self.seen.add(found)
        return found
