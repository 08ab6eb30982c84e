"""A participant's rights over their own data: see it all, change it, withdraw, be forgotten."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import datetime
from typing import Any

from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.history.service_layer import note_needs_changed
from services.recruitment.participants.domain.events import (
    ErasureRequested,
    ParticipantSessionsEnded,
)
from services.recruitment.participants.domain.model import Participant, Profile, SignUpRejected
from services.recruitment.rights.commands import ForgetMe, UpdateMyDetails, WithdrawConsent
from shared.clock import Clock, utc_now

PROFILE_FIELDS = tuple(Profile.__dataclass_fields__)
CONTACT_FIELDS = ("preferred_name", "phone", "email", "preferred_channel", "language")


def _person(participant_id: str, uow) -> Participant:  # type: ignore[no-untyped-def]
    person = uow.participants.get(participant_id)
    if person is None:
        raise NotFound(participant_id)
    return person


def my_details(participant_id: str, uow) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    with uow:
        person = _person(participant_id, uow)
        details = {name: getattr(person, name) for name in ("id", *CONTACT_FIELDS, *PROFILE_FIELDS)}
        return {**details, "outcome_updates": not person.no_outcome_updates}


def my_data(participant_id: str, uow) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Everything recruitment holds about the person (UK GDPR article 15), as plain JSON."""
    with uow:
        person = _person(participant_id, uow)
        activities = {a.id: a.title for a in uow.activities.all()}
        return {
            "profile": {
                name: getattr(person, name)
                for name in ("id", *CONTACT_FIELDS, *PROFILE_FIELDS, "signed_up_at")
            },
            "signed_up_through": person.sign_up_channel,
            "withdrawn_at": person.withdrawn_at,
            "left_organisations": list(person.left_organisations),
            "outcome_updates": not person.no_outcome_updates,  # "you said, we did" news
            "consents": [asdict(c) for c in uow.consents.for_participant(participant_id)],
            "activities": [
                {**asdict(i), "activity_title": activities.get(i.activity_id)}
                for i in uow.interests.for_participant(participant_id)
            ],
            "links_sent": len(uow.links.for_participant(participant_id)),
            "contact_note": uow.history.note_of(participant_id),
        }


def update_my_details(cmd: UpdateMyDetails, uow, clock: Clock = utc_now) -> None:  # type: ignore[no-untyped-def]
    """The person changes their contact details and profile. Health details are kept as they
    are, whatever the form says: they change only by withdrawing consent to keep them. The
    page has no box for interests (a coordinator records them), so those are kept too."""
    contact = {name: getattr(cmd, name) for name in CONTACT_FIELDS}
    with uow:
        person = _person(cmd.participant_id, uow)
        other = uow.participants.find_by_contact(cmd.phone, cmd.email)
        if other is not None and other.id != person.id:
            raise SignUpRejected("phone", "Someone else uses this number or email address.")
        kept = list(person.health_tags)
        profile = replace(cmd.profile, health_tags=kept, interests=list(person.interests))
        needs_before = list(person.support_needs)
        person.update(**contact, profile=profile, special_consent=bool(kept))
        if list(person.support_needs) != needs_before:  # a line of their history for staff
            note_needs_changed(uow, person.id, list(person.support_needs), clock())
        uow.commit()


def withdraw_consent(cmd: WithdrawConsent, uow, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    withdraw(cmd.participant_id, cmd.scope, cmd.channel, uow, clock)


def withdraw(  # type: ignore[no-untyped-def]
    participant_id: str, scope: str, channel: str, uow, clock: Clock = utc_now
) -> None:
    """Withdraw consent: to taking part (no more invitations anywhere) or to keeping health
    details (they are deleted now)."""
    now = clock()
    with uow:
        person = _person(participant_id, uow)
        for record in uow.consents.for_participant(participant_id):
            if record.standing and (scope == "taking_part" or record.scope == scope):
                record.withdrawn_at = now
        if scope == "taking_part":
            person.withdraw(channel, now)
            for interest in uow.interests.for_participant(participant_id):
                interest.status = "withdrawn"
        else:
            person.forget_health_details(channel, now)
        uow.commit()


def forget(cmd: ForgetMe, uow, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    erase(cmd.participant_id, uow, clock)


def erase(participant_id: str, uow, clock: Clock = utc_now) -> None:  # type: ignore[no-untyped-def]
    """Forget the person (UK GDPR article 17): every recruitment row about them goes, the
    contact topic gets a tombstone, and ErasureRequested tells every other service."""
    with uow:
        _person(participant_id, uow)
        erase_in(participant_id, uow, clock())
        uow.commit()


def erase_in(participant_id: str, uow, now: datetime) -> None:  # type: ignore[no-untyped-def]
    """The erasure itself, in a unit of work already open (the caller commits)."""
    uow.forget_participant(participant_id)
    uow.events.append(ErasureRequested(participant_id, now))
    # Every service refuses their sessions at once, not only when the erasure is done there.
    uow.events.append(ParticipantSessionsEnded(participant_id, now))
