"""ActivityPublished becomes KeepActivityOrganisation at the consumer edge (the sample as the
contract loads it; an event without organisation_id is the first organisation's), and a new
session or poll's organisation: its activity's, the one in scope for an activity not heard of
yet, and NotFound for another organisation's activity."""

from __future__ import annotations

import json
import uuid

import pytest

from services.scheduling.activities.commands import KeepActivityOrganisation
from services.scheduling.activities.service_layer import organisation_for
from services.scheduling.bootstrap import bootstrap
from services.scheduling.handlers import FROM_EVENTS
from services.scheduling.ports import NotFound
from shared.events.registry import load_data
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.contract.test_event_samples import SAMPLES
from tests.scheduling.fakes import FakeUnitOfWork
from tests.scheduling.unit.test_scheduling_group_size import plan, session

SAMPLE = json.loads((SAMPLES / "ActivityPublished.v1.json").read_text())["data"]
THEIRS = str(uuid.uuid4())


def test_the_event_becomes_whose_the_activity_is() -> None:
    uow = FakeUnitOfWork(session(plan()))
    command = FROM_EVENTS["ActivityPublished"](load_data("ActivityPublished", 1, SAMPLE))
    assert command == KeepActivityOrganisation(SAMPLE["activity_id"], SAMPLE["organisation_id"])
    older = {k: v for k, v in SAMPLE.items() if k != "organisation_id"}
    older["activity_id"] = str(uuid.uuid4())
    bootstrap().handle(FROM_EVENTS["ActivityPublished"](older), uow)
    assert uow.activities.organisation_of(older["activity_id"]) == FIRST_ORGANISATION_ID


def test_a_new_session_or_poll_takes_its_activitys_organisation() -> None:
    uow = FakeUnitOfWork(session(plan()))
    theirs, unheard_of = str(uuid.uuid4()), str(uuid.uuid4())
    uow.activities.save(theirs, THEIRS)
    assert organisation_for(theirs, uow) == THEIRS  # nothing in scope: the activity's
    assert organisation_for(unheard_of, uow) == FIRST_ORGANISATION_ID
    uow.organisation_id = THEIRS
    assert organisation_for(theirs, uow) == THEIRS
    assert organisation_for(unheard_of, uow) == THEIRS  # not heard of yet: the scope's
    uow.organisation_id = FIRST_ORGANISATION_ID
    with pytest.raises(NotFound):
        organisation_for(theirs, uow)
