"""In-memory stand-ins for recruitment's ports, for unit tests of its use cases.

The unit of work records what its commit would have put in the outbox, through the service's
real event mapper (adapters/outgoing.announce), without taking the events off the aggregates,
so a test can check both."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any, Self

from services.recruitment.adapters.outgoing import announce
from services.recruitment.history.domain import Fact
from services.recruitment.history.ports import HistoryRepository
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


class FakeHistory(HistoryRepository):
    """A person's history in memory: lines as Facts, the organisations each person signed up
    with set by the test."""

    def __init__(self) -> None:
        self.lines: list[Fact] = []
        self.signed_up_with: dict[str, set[str]] = {}
        self.notes: dict[str, str] = {}

    def add(self, fact: Fact) -> None:
        self.lines.append(fact)

    def activity_of(self, participant_id: str, subject_id: str | None) -> str | None:
        return next(
            (
                f.activity_id
                for f in self.lines
                if f.participant_id == participant_id and f.subject_id == subject_id
            ),
            None,
        )

    def organisations_with(self, participant_id: str) -> set[str]:
        return self.signed_up_with.get(participant_id, set())

    def message_line(
        self, participant_id: str, message_id: str
    ) -> tuple[int, dict[str, Any]] | None:
        for n, f in enumerate(self.lines):
            if f.participant_id == participant_id and f.subject_id == message_id:
                return n, dict(f.details)
        return None

    def change_details(self, line_id: int, details: dict[str, Any]) -> None:
        self.lines[line_id] = dataclasses.replace(self.lines[line_id], details=details)

    def forget_in_organisation(self, participant_id: str, organisation_id: str) -> None:
        self.lines = [
            f
            for f in self.lines
            if not (f.participant_id == participant_id and f.organisation_id == organisation_id)
        ]

    def note_of(self, participant_id: str) -> str | None:
        return self.notes.get(participant_id)

    def set_note(self, participant_id: str, note: str, now: datetime) -> None:
        if note:
            self.notes[participant_id] = note
        else:
            self.notes.pop(participant_id, None)
