"""The organisations a person takes part with (those whose activities they signed up to), and
leaving one of them: withdrawal there only, the others keep them as they were."""

from __future__ import annotations

from dataclasses import dataclass

from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.rights.commands import LeaveOrganisation
from shared.clock import Clock


@dataclass(frozen=True)
class OrganisationWith:
    id: str
    name: str
    welsh_name: str | None


def my_organisations(participant_id: str, uow) -> list[OrganisationWith]:  # type: ignore[no-untyped-def]
    """By name; none once they stopped taking part everywhere."""
    with uow:
        person = uow.participants.get(participant_id)
        if person is None:
            raise NotFound(participant_id)
        return _with(person, uow)


def _whose(person, uow) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Each activity they signed up to, and whose it is (only theirs, not every activity)."""
    signed_up = {i.activity_id for i in uow.interests.for_participant(person.id)}
    found = (uow.activities.get(activity_id) for activity_id in sorted(signed_up))
    return {a.id: a.organisation_id for a in found if a is not None}


def _with(person, uow) -> list[OrganisationWith]:  # type: ignore[no-untyped-def]
    signed_up = set(_whose(person, uow).values())
    return [
        OrganisationWith(o.id, o.name, o.welsh_name)
        for o in uow.organisations.all()
        if o.id in signed_up and person.is_with(o.id)
    ]


def leave_organisation(cmd: LeaveOrganisation, uow, clock: Clock) -> str:  # type: ignore[no-untyped-def]
    """Leave one of one's organisations: their sign-ups there are withdrawn and its staff may
    not invite them again (ParticipantLeftOrganisation tells the other services). One they
    are not with is not found. The organisation's name, for the page."""
    with uow:
        person = uow.participants.get(cmd.participant_id)
        if person is None:
            raise NotFound(cmd.participant_id)
        leaving = next((o for o in _with(person, uow) if o.id == cmd.organisation_id), None)
        if leaving is None:
            raise NotFound(cmd.organisation_id)
        person.leave(leaving.id, clock())
        theirs = {a for a, org in _whose(person, uow).items() if org == leaving.id}
        for interest in uow.interests.for_participant(person.id):
            if interest.activity_id in theirs:
                interest.status = "withdrawn"
        uow.commit()
        return leaving.name
