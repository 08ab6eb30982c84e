"""The do-not-contact list on the coordinators' pages: who is on it, adding someone found by
their mobile number or email (invitations.do_not_contact, as the API), and taking them off
when they ask to hear from us again."""

from __future__ import annotations

from datetime import datetime

from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.invitations.commands import TakeOffDoNotContact
from services.recruitment.participants.ports import UnitOfWork
from services.recruitment.signups.service_layer.signups import record_consents
from shared.clock import Clock


def do_not_contact_list(uow: UnitOfWork) -> list[dict[str, object]]:
    """Who is on the list, for the coordinators' page (names and how to reach them)."""
    with uow:
        return [
            {
                "participant_id": p.id,
                "preferred_name": p.preferred_name,
                "phone": p.phone,
                "email": p.email,
                "since": p.withdrawn_at,
            }
            for p in uow.participants.on_do_not_contact_list()
        ]


def find_by_contact(phone: str | None, email: str | None, uow: UnitOfWork) -> str:
    """The participant with this mobile number or email address (NotFound if nobody)."""
    with uow:
        person = uow.participants.find_by_contact(phone, email)
        if person is None:
            raise NotFound(phone or email or "")
        return person.id


def contact_again(participant_id: str, now: datetime, uow: UnitOfWork) -> bool:
    """Off the do-not-contact list: they told a coordinator they want to hear from us again,
    so consent to take part is recorded again (channel "coordinator") and their sign-ups are
    open to invitations. False if they were not on the list."""
    with uow:
        person = uow.participants.get(participant_id)
        if person is None:
            raise NotFound(participant_id)
        if not person.take_off_do_not_contact_list():
            return False
        record_consents(person, person.consent_version, ("taking_part",), "coordinator", now, uow)
        for interest in uow.interests.for_participant(participant_id):
            if interest.status == "withdrawn":
                interest.status = "interested"
        uow.commit()
        return True


def take_off_do_not_contact(cmd: TakeOffDoNotContact, uow: UnitOfWork, clock: Clock) -> bool:
    return contact_again(cmd.participant_id, clock(), uow)
