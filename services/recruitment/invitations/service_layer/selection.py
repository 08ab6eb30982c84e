"""Selection: the coordinator filters who expressed interest by criteria and needs, then
shortlists. Reads only; the rows are snapshots for the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.invitations.commands import Shortlist
from services.recruitment.participants.domain.interest import ExpressionOfInterest
from services.recruitment.participants.domain.model import Participant
from services.recruitment.participants.domain.postcode import district
from services.recruitment.participants.ports import UnitOfWork


@dataclass(frozen=True)
class Criteria:
    status: str | None = None
    district: str | None = None
    age_band: str | None = None
    need: str | None = None
    tag: str | None = None
    channel: str | None = None
    partner: str | None = None
    available: str | None = None


def _matches(c: Criteria, person: Participant, interest: ExpressionOfInterest) -> bool:
    place = district(person.postcode) if person.postcode else None
    return all(
        (
            c.status in (None, interest.status),
            c.district in (None, place),
            c.age_band in (None, person.age_band),
            c.need is None or c.need in person.support_needs,
            c.tag is None or c.tag in person.health_tags,
            c.channel in (None, interest.channel_kind),
            c.partner in (None, interest.partner),
            c.available is None or c.available in person.availability,
        )
    )


def _row(
    person: Participant, interest: ExpressionOfInterest, organisation_id: str
) -> dict[str, Any]:
    """One person for the activity's organisation: may it contact them?"""
    return {
        "participant_id": person.id,
        "preferred_name": person.preferred_name,
        "district": district(person.postcode) if person.postcode else None,
        "age_band": person.age_band,
        "support_needs": list(person.support_needs),
        "tags": list(person.health_tags),
        "availability": list(person.availability),
        "channel": interest.channel_kind,
        "partner": interest.partner,
        "status": interest.status,
        "can_be_contacted": person.is_with(organisation_id)
        and not person.not_to_be_contacted_by(organisation_id),
    }


def interested_people(
    activity_id: str, criteria: Criteria, uow: UnitOfWork
) -> list[dict[str, Any]]:
    with uow:
        activity = uow.activities.get(activity_id)
        if activity is None:
            raise NotFound(activity_id)
        people = uow.participants.interested_in(activity_id)
        rows = []
        for interest in uow.interests.for_activity(activity_id):
            person = people.get(interest.participant_id)
            if person is not None and _matches(criteria, person, interest):
                rows.append(_row(person, interest, activity.organisation_id))
        return rows


def shortlists(cmd: Shortlist, uow: UnitOfWork) -> int:
    return shortlist(cmd.activity_id, list(cmd.participant_ids), uow)


def shortlist(activity_id: str, participant_ids: list[str], uow: UnitOfWork) -> int:
    """Mark people as shortlisted; only those who expressed interest and have not withdrawn."""
    with uow:
        chosen = set(participant_ids)
        changed = 0
        for interest in uow.interests.for_activity(activity_id):
            if interest.participant_id in chosen and interest.status == "interested":
                interest.status = "shortlisted"
                changed += 1
        uow.commit()
        return changed
