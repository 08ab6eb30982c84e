"""Recruitment's unit of work: participants plus the outbox, committed together."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from services.recruitment.activities.adapters.activity_repository import (
    SqlAlchemyActivityRepository,
    SqlAlchemyChannelRepository,
    SqlAlchemyConsentRepository,
    SqlAlchemyInterestRepository,
    SqlAlchemyInvitationRepository,
)
from services.recruitment.adapters.orm import erased_participants, metadata, participants
from services.recruitment.adapters.outgoing import announce
from services.recruitment.history.adapters import SqlAlchemyHistory
from services.recruitment.links.adapters.sessions import PerRecipientLimit
from services.recruitment.organisations.adapters.repository import (
    SqlAlchemyOrganisationRepository,
)
from services.recruitment.outcomes.adapters.repository import SqlAlchemyOutcomeRepository
from services.recruitment.participants.adapters.repository import SqlAlchemyParticipantRepository
from services.recruitment.staff.adapters.staff_repository import (
    SqlAlchemyLinkRepository,
    SqlAlchemySignInFailures,
    SqlAlchemyStaffRepository,
)
from shared.bus.outbox import forget_staged, stage_tombstone
from shared.bus.tables import outbox
from shared.bus.unit_of_work import SqlAlchemyUnitOfWork
from shared.send_limits import SendLimits
from shared.tenancy import organisation_in_scope

CONTACT_TOPIC = "recruitment.contact"
SMS_DIALOGUE_EVENTS = ["SignUpQuestionAsked", "SignUpReplied"]


class RecruitmentUnitOfWork(SqlAlchemyUnitOfWork):
    participants: SqlAlchemyParticipantRepository
    staff: SqlAlchemyStaffRepository
    sign_in_failures: SqlAlchemySignInFailures
    links: SqlAlchemyLinkRepository
    activities: SqlAlchemyActivityRepository
    channels: SqlAlchemyChannelRepository
    interests: SqlAlchemyInterestRepository
    consents: SqlAlchemyConsentRepository
    invitations: SqlAlchemyInvitationRepository
    organisations: SqlAlchemyOrganisationRepository
    history: SqlAlchemyHistory
    outcomes: SqlAlchemyOutcomeRepository
    send_limits: SendLimits
    recipient_limit: PerRecipientLimit
    secret = ""  # keys the sending limits' rows (the app's SECRET_KEY)

    def __init__(self, session_factory: Any, secret: str = "") -> None:
        super().__init__(session_factory, producer="recruitment", mapper=announce)
        self.secret = secret

    def _start(self) -> None:
        # The signed-in staff member's organisation, if any (shared.tenancy): what the
        # repositories answer.
        self.organisation_id = organisation_in_scope()
        self.participants = SqlAlchemyParticipantRepository(self.session, self.organisation_id)
        self.staff = SqlAlchemyStaffRepository(self.session, self.organisation_id)
        self.sign_in_failures = SqlAlchemySignInFailures(self.session)
        self.links = SqlAlchemyLinkRepository(self.session)
        self.activities = SqlAlchemyActivityRepository(self.session, self.organisation_id)
        self.channels = SqlAlchemyChannelRepository(self.session, self.organisation_id)
        self.interests = SqlAlchemyInterestRepository(self.session, self.organisation_id)
        self.consents = SqlAlchemyConsentRepository(self.session)
        self.invitations = SqlAlchemyInvitationRepository(self.session, self.organisation_id)
        self.organisations = SqlAlchemyOrganisationRepository(self.session)
        self.history = SqlAlchemyHistory(self.session)
        self.outcomes = SqlAlchemyOutcomeRepository(self.session, self.organisation_id)
        self.send_limits = SendLimits(self.session, self.secret)  # also shared.address_limits'
        self.recipient_limit = PerRecipientLimit(self.send_limits)

    def _seen(self) -> Iterable[Any]:
        return [
            *self.participants.seen,
            *self.staff.seen,
            *self.links.seen,
            *self.activities.seen,
            *self.organisations.seen,
            *self.outcomes.seen,
        ]

    def forget_participant(self, participant_id: str) -> None:
        """Delete every recruitment row about the person: any table with a participant_id
        column (so a new table is covered the day it is added), the profile itself, and the
        contact records still in our outbox; then a tombstone so the log forgets them too. Their
        bare id is kept (erased_participants), so a replayed dead letter cannot bring them back."""
        phone = self.session.execute(
            select(participants.c.phone).where(participants.c.id == participant_id)
        ).scalar()
        # The SMS sign-up dialogue's events name the number (it was not a participant yet).
        forget_staged(self.session, SMS_DIALOGUE_EVENTS, [participant_id, phone])
        for table in metadata.sorted_tables:
            if "participant_id" in table.c:
                self.session.execute(table.delete().where(table.c.participant_id == participant_id))
        self.session.execute(participants.delete().where(participants.c.id == participant_id))
        mine = (outbox.c.topic == CONTACT_TOPIC) & (outbox.c.key == participant_id)
        self.session.execute(outbox.delete().where(mine))
        stage_tombstone(self.session, CONTACT_TOPIC, participant_id)
        erased = {"participant_id": participant_id, "erased_at": datetime.now(UTC)}
        self.session.execute(erased_participants.insert().values(**erased))

    def forget_in_activities(self, participant_id: str, activity_ids: list[str]) -> None:
        """Delete the person's rows that hang on these activities (one organisation's part of
        them, erasure from that organisation): any table with a participant_id and an
        activity_id column (sign-ups, invitations; a new such table is covered the day it is
        added). Their profile, consents and other activities' rows stay."""
        if not activity_ids:
            return
        for table in metadata.sorted_tables:
            if "participant_id" in table.c and "activity_id" in table.c:
                self.session.execute(
                    table.delete().where(
                        table.c.participant_id == participant_id,
                        table.c.activity_id.in_(activity_ids),
                    )
                )
