"""The organisations a person takes part with (those whose activities they signed up to),
leaving one of them (withdrawal there only, the others keep them as they were), and erasure
from one of them (its part of the person is deleted; the others keep theirs)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.equality.ports import AnswersOn
from services.recruitment.participants.domain.events import ErasureFromOrganisationRequested
from services.recruitment.rights.commands import EraseFromOrganisation, LeaveOrganisation
from services.recruitment.rights.service_layer.rights import erase_in
from shared.clock import Clock


@dataclass(frozen=True)
class OrganisationWith:
    id: str
    name: str
    welsh_name: str | None


@dataclass(frozen=True)
class ErasureFrom:
    """What erasure from one organisation would be, for its confirmation page."""

    organisation: OrganisationWith
    everywhere: bool  # the last organisation they are with: the full erasure


def my_organisations(participant_id: str, uow) -> list[OrganisationWith]:  # type: ignore[no-untyped-def]
    """By name; none once they stopped taking part everywhere."""
    with uow:
        return _with(_person(participant_id, uow), uow)


def my_groups(participant_id: str, uow) -> tuple[list[OrganisationWith], list[OrganisationWith]]:  # type: ignore[no-untyped-def]
    """For their page, in one read: the organisations they are with, and those they left that
    still hold their sign-ups (each can still be asked to forget them), both by name."""
    with uow:
        person = _person(participant_id, uow)
        holding = _holding(person, uow)
        return (
            [o for o in holding if person.is_with(o.id)],
            [o for o in holding if o.id in person.left_organisations],
        )


def has_left(participant_id: str, organisation_id: str, uow) -> OrganisationWith | None:  # type: ignore[no-untyped-def]
    """The organisation, if they have left it (whether or not it still holds anything)."""
    with uow:
        person = _person(participant_id, uow)
        if organisation_id not in person.left_organisations:
            return None
        found = uow.organisations.get(organisation_id)
        return OrganisationWith(found.id, found.name, found.welsh_name) if found else None


def _person(participant_id: str, uow):  # type: ignore[no-untyped-def]
    person = uow.participants.get(participant_id)
    if person is None:
        raise NotFound(participant_id)
    return person


def _whose(person, uow) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Each activity they signed up to, and whose it is (only theirs, not every activity)."""
    signed_up = {i.activity_id for i in uow.interests.for_participant(person.id)}
    found = (uow.activities.get(activity_id) for activity_id in sorted(signed_up))
    return {a.id: a.organisation_id for a in found if a is not None}


def _holding(person, uow) -> list[OrganisationWith]:  # type: ignore[no-untyped-def]
    """The organisations whose activities they signed up to, left or not."""
    signed_up = set(_whose(person, uow).values())
    return [
        OrganisationWith(o.id, o.name, o.welsh_name)
        for o in uow.organisations.all()
        if o.id in signed_up
    ]


def _with(person, uow) -> list[OrganisationWith]:  # type: ignore[no-untyped-def]
    return [o for o in _holding(person, uow) if person.is_with(o.id)]


def leave_organisation(cmd: LeaveOrganisation, uow, clock: Clock) -> str:  # type: ignore[no-untyped-def]
    """Leave one of one's organisations: their sign-ups there are withdrawn and its staff may
    not invite them again (ParticipantLeftOrganisation tells the other services). One they
    are not with is not found. The organisation's name, for the page."""
    with uow:
        person = _person(cmd.participant_id, uow)
        leaving = next((o for o in _with(person, uow) if o.id == cmd.organisation_id), None)
        if leaving is None:
            raise NotFound(cmd.organisation_id)
        leave_one(person, leaving.id, uow, clock())
        uow.commit()
        return leaving.name


def leave_one(person, organisation_id: str, uow, now: datetime) -> None:  # type: ignore[no-untyped-def]
    """Inside the caller's unit of work: they leave `organisation_id` (withdrawn from its
    sign-ups; its staff may not invite them again). Leaving again changes nothing."""
    if not person.leave(organisation_id, now):
        return
    for record in uow.consents.for_participant(person.id):
        if record.standing and record.organisation_id == organisation_id:
            record.withdrawn_at = now  # their consent to it ends with their taking part
    theirs = {a for a, org in _whose(person, uow).items() if org == organisation_id}
    for interest in uow.interests.for_participant(person.id):
        if interest.activity_id in theirs:
            interest.status = "withdrawn"


def _erasure(person, organisation_id: str, uow) -> ErasureFrom:  # type: ignore[no-untyped-def]
    holding = _holding(person, uow)
    erasing = next((o for o in holding if o.id == organisation_id), None)
    if erasing is None:  # holds nothing of theirs (or is unknown): not found
        raise NotFound(organisation_id)
    others = [o for o in holding if o.id != organisation_id and person.is_with(o.id)]
    return ErasureFrom(erasing, everywhere=not others)


def erasure_from(participant_id: str, organisation_id: str, uow) -> ErasureFrom:  # type: ignore[no-untyped-def]
    """What erasing them from the organisation would do; NotFound if it holds nothing of theirs."""
    with uow:
        return _erasure(_person(participant_id, uow), organisation_id, uow)


def erase_from_organisation(  # type: ignore[no-untyped-def]
    cmd: EraseFromOrganisation, uow, clock: Clock, answers_on: AnswersOn
) -> bool:
    """Leave the organisation (if not yet) and delete its part of the person: their sign-ups to
    its activities and its invitations to them (every table with a participant_id and an
    activity_id, `forget_in_activities`). ParticipantLeftOrganisation (if they had not left)
    then ErasureFromOrganisationRequested tell the other services. Its consent records and the
    equality answers given to it go too; contact details and the other organisations'
    consents, answers and sign-ups stay. From the last
    organisation they are with, it is the full erasure (ErasureRequested). True when it was the
    full erasure."""
    now = clock()
    with uow:
        person = _person(cmd.participant_id, uow)
        erasure = _erasure(person, cmd.organisation_id, uow)
        if erasure.everywhere:
            erase_in(person.id, uow, now)
            uow.commit()
            return True
        theirs = [a for a, org in _whose(person, uow).items() if org == cmd.organisation_id]
        leave_one(person, cmd.organisation_id, uow, now)  # no event if they had left already
        uow.forget_in_activities(person.id, theirs)
        uow.consents.forget(person.id, cmd.organisation_id)
        uow.history.forget_in_organisation(person.id, cmd.organisation_id)
        answers_on(uow).delete(person.id, cmd.organisation_id)
        person.events.append(ErasureFromOrganisationRequested(person.id, cmd.organisation_id, now))
        uow.commit()
        return False
