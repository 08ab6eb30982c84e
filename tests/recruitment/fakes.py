"""In-memory stand-ins for recruitment's ports, for unit tests of its use cases.

The unit of work records what its commit would have put in the outbox, through the service's
real event mapper (adapters/outgoing.announce), without taking the events off the aggregates,
so a test can check both."""

from __future__ import annotations

from typing import Self

from services.recruitment.adapters.outgoing import announce
from services.recruitment.participants.domain.model import Participant
from services.recruitment.participants.ports import ParticipantRepository, UnitOfWork
from shared.bus.unit_of_work import OutgoingEvent


class FakeParticipantRepository(ParticipantRepository):
    def __init__(self, participants: list[Participant] | None = None) -> None:
        self.participants = {p.id: p for p in participants or []}

    def add(self, participant: Participant) -> None:
        self.participants[participant.id] = participant

    def get(self, participant_id: str) -> Participant | None:
        return self.participants.get(participant_id)

    def find_by_contact(self, phone: str | None, email: str | None) -> Participant | None:
        for participant in self.participants.values():
            if phone and participant.phone == phone:
                return participant
            if email and participant.email == email.lower():
                return participant
        return None


class FakeUnitOfWork(UnitOfWork):
    def __init__(self, participants: list[Participant] | None = None) -> None:
        self.participants = FakeParticipantRepository(participants)
        self.committed = False
        self.entered = 0
        self.published: list[OutgoingEvent] = []  # (event type, version, key, data)

    def __enter__(self) -> Self:
        self.entered += 1
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def commit(self) -> None:
        self.committed = True
        self.published = [
            envelope
            for person in self.participants.participants.values()
            for event in person.events
            for envelope in announce(event)
        ]
