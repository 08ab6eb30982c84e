"""The do-not-contact list on the coordinators' pages: who is on it, adding someone found by
their mobile number or email (invitations.do_not_contact, as the API), and taking them off
when they ask to hear from us again."""

from __future__ import annotations

from datetime import datetime

from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.invitations.commands import TakeOffDoNotContact
from services.recruitment.participants.domain.model import Participant
from services.recruitment.participants.ports import UnitOfWork
from services.recruitment.signups.service_layer.signups import record_consents
from shared.clock import Clock
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID


def do_not_contact_list(uow: UnitOfWork) -> list[dict[str, object]]:
    """Who is on the list of the organisation in scope, for its coordinators' page (names and
    how to reach them)."""
    with uow:
        organisation_id = getattr(uow, "organisation_id", None)  # set when it begins
        return [
            {
                "participant_id": p.id,
                "preferred_name": p.preferred_name,
                "phone": p.phone,
                "email": p.email,
                "since": _since(p, organisation_id),
            }
            for p in uow.participants.on_do_not_contact_list()
        ]


def _since(person: Participant, organisation_id: str | None) -> datetime | None:
    if organisation_id in person.do_not_contact_in:
        return datetime.fromisoformat(person.do_not_contact_in[organisation_id])
    return person.withdrawn_at  # the list for everywhere: as withdrawal


def find_by_contact(phone: str | None, email: str | None, uow: UnitOfWork) -> str:
    """The participant with this mobile number or email address (NotFound if nobody, or, in a
    staff request, if they never signed up to the organisation's activities)."""
    with uow:
        person = uow.participants.find_by_contact(phone, email)
        elsewhere = person is not None and getattr(uow, "organisation_id", None) is not None
        if elsewhere and not uow.interests.for_participant(person.id):  # type: ignore[union-attr]
            person = None
        if person is None:
            raise NotFound(phone or email or "")
        return person.id


def contact_again(participant_id: str, now: datetime, uow: UnitOfWork) -> bool:
    """Off the do-not-contact list: they told a coordinator they want to hear from us again,
    so their sign-ups (the organisation's in scope) are open to invitations again. Off the list
    for everywhere (only the first organisation sees it, or out of scope) consent to take part
    is recorded again (channel "coordinator"). False if they were not on the list; someone who
    never signed up with the organisation in scope is not found."""
    with uow:
        organisation_id = getattr(uow, "organisation_id", None)  # set when it begins
        person = uow.participants.get(participant_id)
        theirs = uow.interests.for_participant(participant_id)
        if person is None or (organisation_id is not None and not theirs):
            raise NotFound(participant_id)
        if organisation_id in person.do_not_contact_in:
            person.take_off_do_not_contact_list(organisation_id)
        elif organisation_id not in (None, FIRST_ORGANISATION_ID):
            return False
        elif person.take_off_do_not_contact_list():
            record_consents(
                person, person.consent_version, ("taking_part",), "coordinator", now, uow,
                organisation_id or FIRST_ORGANISATION_ID,
            )  # fmt: skip
        else:
            return False
        for interest in theirs:
            if interest.status == "withdrawn":
                interest.status = "interested"
        uow.commit()
        return True


def take_off_do_not_contact(cmd: TakeOffDoNotContact, uow: UnitOfWork, clock: Clock) -> bool:
    return contact_again(cmd.participant_id, clock(), uow)
