"""A person's choices per organisation, in the domain: one organisation's do-not-contact list
does not stop another's, taking them off puts them back with that organisation only, and
erasure from one organisation is announced as its contract says."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from services.recruitment.adapters.outgoing import announce
from services.recruitment.participants.domain.contact import Consent
from services.recruitment.participants.domain.events import (
    ConsentWithdrawn,
    ErasureFromOrganisationRequested,
    ParticipantLeftOrganisation,
)
from services.recruitment.participants.domain.model import Participant
from shared.events.contracts.recruitment import ErasureFromOrganisationRequestedV1

NOW = datetime(2026, 12, 3, 10, tzinfo=UTC)
HOSPICE, HOSPITAL = str(uuid.uuid4()), str(uuid.uuid4())


def ann() -> Participant:
    person = Participant.sign_up(
        "Ann", None, "ann@example.org", "email", "en", "web", Consent("v1", NOW, "web"), NOW
    )
    person.events.clear()
    return person


def test_one_organisations_list_does_not_stop_another() -> None:
    person = ann()
    person.put_on_do_not_contact_list(NOW, HOSPICE)
    assert person.not_to_be_contacted_by(HOSPICE)
    assert not person.not_to_be_contacted_by(HOSPITAL)
    assert (person.is_with(HOSPICE), person.is_with(HOSPITAL), person.active) == (
        False,
        True,
        True,
    )
    assert person.events == [ParticipantLeftOrganisation(person.id, HOSPICE, NOW)]

    assert not person.take_off_do_not_contact_list(HOSPITAL)  # not on the hospital's list
    assert person.take_off_do_not_contact_list(HOSPICE)
    assert person.is_with(HOSPICE) and not person.not_to_be_contacted_by(HOSPICE)


def test_the_list_for_everywhere_is_withdrawal_as_before() -> None:
    person = ann()
    person.put_on_do_not_contact_list(NOW)
    assert person.not_to_be_contacted_by(HOSPICE) and person.not_to_be_contacted_by(HOSPITAL)
    assert [type(e) for e in person.events] == [ConsentWithdrawn]
    assert person.take_off_do_not_contact_list() and person.active


def test_erasure_from_one_organisation_is_announced_as_its_contract_says() -> None:
    event = ErasureFromOrganisationRequested(str(uuid.uuid4()), HOSPICE, NOW)
    [(kind, version, key, data)] = list(announce(event))
    assert (kind, version, key) == ("ErasureFromOrganisationRequested", 1, event.participant_id)
    loaded = ErasureFromOrganisationRequestedV1().load({**data, "requested_at": NOW.isoformat()})
    assert str(loaded["organisation_id"]) == HOSPICE
