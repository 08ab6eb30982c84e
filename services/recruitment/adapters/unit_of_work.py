"""Recruitment's unit of work: participants plus the outbox, committed together."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from services.recruitment.adapters.activity_repository import (
    SqlAlchemyActivityRepository,
    SqlAlchemyChannelRepository,
    SqlAlchemyConsentRepository,
    SqlAlchemyInterestRepository,
)
from services.recruitment.adapters.outgoing import announce
from services.recruitment.adapters.repository import SqlAlchemyParticipantRepository
from services.recruitment.adapters.staff_repository import (
    SqlAlchemyLinkRepository,
    SqlAlchemySignInFailures,
    SqlAlchemyStaffRepository,
)
from shared.bus.unit_of_work import SqlAlchemyUnitOfWork


class RecruitmentUnitOfWork(SqlAlchemyUnitOfWork):
    participants: SqlAlchemyParticipantRepository
    staff: SqlAlchemyStaffRepository
    sign_in_failures: SqlAlchemySignInFailures
    links: SqlAlchemyLinkRepository
    activities: SqlAlchemyActivityRepository
    channels: SqlAlchemyChannelRepository
    interests: SqlAlchemyInterestRepository
    consents: SqlAlchemyConsentRepository

    def __init__(self, session_factory: Any) -> None:
        super().__init__(session_factory, producer="recruitment", mapper=announce)

    def _start(self) -> None:
        self.participants = SqlAlchemyParticipantRepository(self.session)
        self.staff = SqlAlchemyStaffRepository(self.session)
        self.sign_in_failures = SqlAlchemySignInFailures(self.session)
        self.links = SqlAlchemyLinkRepository(self.session)
        self.activities = SqlAlchemyActivityRepository(self.session)
        self.channels = SqlAlchemyChannelRepository(self.session)
        self.interests = SqlAlchemyInterestRepository(self.session)
        self.consents = SqlAlchemyConsentRepository(self.session)

    def _seen(self) -> Iterable[Any]:
        return [
            *self.participants.seen,
            *self.staff.seen,
            *self.links.seen,
            *self.activities.seen,
        ]
