"""Recruitment's unit of work: participants plus the outbox, committed together."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from services.recruitment.adapters.outgoing import announce
from services.recruitment.adapters.repository import SqlAlchemyParticipantRepository
from shared.bus.unit_of_work import SqlAlchemyUnitOfWork


class RecruitmentUnitOfWork(SqlAlchemyUnitOfWork):
    participants: SqlAlchemyParticipantRepository

    def __init__(self, session_factory: Any) -> None:
        super().__init__(session_factory, producer="recruitment", mapper=announce)

    def _start(self) -> None:
        self.participants = SqlAlchemyParticipantRepository(self.session)

    def _seen(self) -> Iterable[Any]:
        return self.participants.seen
