"""What the outcome handlers need of a unit of work (recruitment's, or the tests' fakes)."""

from __future__ import annotations

from typing import Any, Protocol

from services.recruitment.outcomes.domain.outcome import Outcome
from services.recruitment.participants.ports import UnitOfWork


class OutcomeRepository(Protocol):
    def add(self, outcome: Outcome) -> None: ...
    def get(
        self, activity_id: str, outcome_id: str, for_update: bool = False
    ) -> Outcome | None: ...
    def for_activity(self, activity_id: str, published_only: bool = False) -> list[Outcome]: ...


class OutcomesUnitOfWork(UnitOfWork, Protocol):
    outcomes: OutcomeRepository
    events: list[Any]
