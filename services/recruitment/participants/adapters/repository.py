"""SQLAlchemy repository of participants."""

from __future__ import annotations

from sqlalchemy import Select, String, cast, or_, select
from sqlalchemy.orm import Session

from services.recruitment.activities.adapters.activity_repository import owned
from services.recruitment.participants.domain.interest import ExpressionOfInterest
from services.recruitment.participants.domain.model import Participant
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID


class SqlAlchemyParticipantRepository:
    def __init__(self, session: Session, organisation_id: str | None = None) -> None:
        self.session = session
        self.organisation_id = organisation_id  # interested_in: that organisation's activities
        self.seen: set[Participant] = set()

    def add(self, participant: Participant) -> None:
        self.session.add(participant)
        self.seen.add(participant)

    def get(self, participant_id: str) -> Participant | None:
        participant = self.session.get(Participant, participant_id)
        if participant is not None:
            self.seen.add(participant)
        return participant

    def interested_in(self, activity_id: str) -> dict[str, Participant]:
        """Everyone who expressed interest in the activity, by id, in one query."""
        query = (
            select(Participant)
            .join(ExpressionOfInterest, ExpressionOfInterest.participant_id == Participant.id)
            .where(
                ExpressionOfInterest.activity_id == activity_id,
                owned(ExpressionOfInterest.activity_id, self.organisation_id),
            )
        )
        found = {p.id: p for p in self.session.scalars(query)}
        self.seen.update(found.values())
        return found

    def find_by_contact(self, phone: str | None, email: str | None) -> Participant | None:
        conditions = []
        if phone:
            conditions.append(Participant.phone == phone)
        if email:
            conditions.append(Participant.email == email.lower())
        if not conditions:
            return None
        # Not scoped: signing someone up (a coordinator too) must find them wherever they are.
        return self.session.scalars(select(Participant).where(or_(*conditions)).limit(1)).first()

    def on_do_not_contact_list(self) -> list[Participant]:
        """On the list of the organisation in scope (and, for the first organisation, the list
        for everywhere kept from before organisations had their own); out of scope, everyone
        on any list."""
        if self.organisation_id is None:
            query = select(Participant).where(
                or_(
                    Participant.do_not_contact.is_(True),
                    cast(Participant.do_not_contact_in, String) != "{}",
                )
            )
            found = list(self.session.scalars(query))
        else:
            query = select(Participant).where(Participant.id.in_(self._signed_up_here()))
            found = [
                p
                for p in self.session.scalars(query)
                if self.organisation_id in p.do_not_contact_in
                or (p.do_not_contact and self.organisation_id == FIRST_ORGANISATION_ID)
            ]
        return sorted(found, key=lambda p: p.preferred_name)

    def _signed_up_here(self) -> Select[tuple[str]]:
        """The ids of people who signed up to an activity of the organisation in scope."""
        return select(ExpressionOfInterest.participant_id).where(
            owned(ExpressionOfInterest.activity_id, self.organisation_id)
        )
