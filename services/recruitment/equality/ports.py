"""What equality monitoring needs from outside: the answers' own table, and deprivation by
postcode (adapters/equality_tables.py and adapters/imd.py implement them)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol


class EqualityAnswers(Protocol):
    """Answers are given to one organisation (each is its own data controller)."""

    def get(self, participant_id: str, organisation_id: str) -> dict[str, str | None] | None: ...
    def all_for(self, participant_id: str) -> dict[str, dict[str, str | None]]: ...
    def save(
        self,
        participant_id: str,
        organisation_id: str,
        answers: dict[str, str | None],
        now: datetime,
    ) -> None: ...
    def for_participants(
        self, ids: list[str], organisation_id: str
    ) -> dict[str, dict[str, str | None]]: ...
    def delete(self, participant_id: str, organisation_id: str) -> int: ...
    def delete_all(self, participant_id: str) -> int: ...


class Deprivation(Protocol):
    def quintile(self, postcode: str | None) -> int | None: ...


# Builds the answers repository on an open unit of work (the adapter supplies it).
AnswersOn = Callable[[Any], EqualityAnswers]
