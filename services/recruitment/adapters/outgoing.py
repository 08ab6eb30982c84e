"""How recruitment's domain events are announced on Kafka."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict

from services.recruitment.links.domain.links import MagicLinkIssued
from services.recruitment.organisations.domain.organisation import OrganisationChanged
from services.recruitment.outcomes.domain.events import OutcomePublished
from services.recruitment.participants.domain.events import (
    ActivityPublished,
    ConsentGiven,
    ConsentWithdrawn,
    ContactDetailsChanged,
    ErasureFromOrganisationRequested,
    ErasureRequested,
    ParticipantInvited,
    ParticipantLeftOrganisation,
    ParticipantSessionsEnded,
    ParticipantSignedUp,
    StaffProfileChanged,
)
from services.recruitment.staff.domain.staff import StaffSessionsRevoked
from shared.bus.unit_of_work import OutgoingEvent


def announce(event: object) -> Iterator[OutgoingEvent]:
    match event:
        case ParticipantSignedUp():
            yield ("ParticipantSignedUp", 1, event.participant_id, asdict(event))
        case ContactDetailsChanged():
            # The only event that carries personal data; its topic is compacted and erasable.
            yield ("ContactDetailsChanged", 1, event.participant_id, asdict(event))
        case ConsentGiven():
            yield ("ConsentGiven", 1, event.participant_id, asdict(event))
        case ConsentWithdrawn():
            yield ("ConsentWithdrawn", 1, event.participant_id, asdict(event))
        case ParticipantLeftOrganisation():
            yield ("ParticipantLeftOrganisation", 1, event.participant_id, asdict(event))
        case ErasureFromOrganisationRequested():
            yield ("ErasureFromOrganisationRequested", 1, event.participant_id, asdict(event))
        case ErasureRequested():
            yield ("ErasureRequested", 1, event.participant_id, asdict(event))
        case ParticipantSessionsEnded():
            yield ("ParticipantSessionsEnded", 1, event.participant_id, asdict(event))
        case ParticipantInvited():
            yield ("ParticipantInvited", 1, event.participant_id, asdict(event))
        case MagicLinkIssued():
            yield ("MagicLinkIssued", 1, event.participant_id, asdict(event))
        case StaffSessionsRevoked():
            yield ("StaffSessionsRevoked", 1, event.staff_id, asdict(event))
        case ActivityPublished():
            yield ("ActivityPublished", 1, event.activity_id, asdict(event))
        case StaffProfileChanged():
            yield ("StaffProfileChanged", 1, event.staff_id, asdict(event))
        case OrganisationChanged():
            yield ("OrganisationChanged", 1, event.organisation_id, asdict(event))
        case OutcomePublished():
            # Keyed by activity: one activity's outcomes reach people in the order published.
            yield ("OutcomePublished", 1, event.activity_id, asdict(event))
        case _:
            raise TypeError(f"no announcement for {type(event).__name__}")
