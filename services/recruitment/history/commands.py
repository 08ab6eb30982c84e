"""What the history hears and what the person tells it."""

from __future__ import annotations

from dataclasses import dataclass

from services.recruitment.history.domain import Fact


@dataclass(frozen=True)
class NoteFact:
    """Another service told us something about a person: keep it as a line of their history."""

    fact: Fact


@dataclass(frozen=True)
class SetContactNote:
    """The person's own words on how they like to be contacted ("" takes it away)."""

    participant_id: str
    note: str
