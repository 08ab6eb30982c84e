"""What the service layer needs from the outside world (adapters and fakes implement these)."""

from __future__ import annotations

from typing import Protocol, Self

from services.recruitment.domain.model import Participant


class ParticipantRepository(Protocol):
    def add(self, participant: Participant) -> None: ...
    def get(self, participant_id: str) -> Participant | None: ...
    def find_by_contact(self, phone: str | None, email: str | None) -> Participant | None: ...


class UnitOfWork(Protocol):
    participants: ParticipantRepository

    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> None: ...
    def commit(self) -> None: ...
