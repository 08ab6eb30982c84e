"""ErasureFromOrganisationRequested becomes ForgetInOrganisation at the consumer edge, and its
handler (with the fakes) frees that organisation's places silently, passes them to the waitlist,
takes the person out of its queues and leaves their bookings there under new ids, while the
other organisation's booking stays theirs. Handled twice, it changes nothing more."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

from services.scheduling.bootstrap import bootstrap
from services.scheduling.domain.events import BookingCancelled, PlaceOffered
from services.scheduling.handlers import COMMAND_HANDLERS, FROM_EVENTS
from services.scheduling.people.commands import ForgetInOrganisation
from services.scheduling.sessions.domain.booking import CANCELLED, CONFIRMED, Booking
from services.scheduling.sessions.domain.model import Session
from services.scheduling.sessions.domain.planning import SlotPlan
from services.scheduling.waitlist import domain as waitlist
from shared.events.registry import load_data
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.contract.test_event_samples import SAMPLES
from tests.scheduling.fakes import FakeUnitOfWork

NOW = datetime.now(UTC).replace(microsecond=0)  # the bus's clock is the real one
SAMPLE = json.loads((SAMPLES / "ErasureFromOrganisationRequested.v1.json").read_text())["data"]


def session_of(organisation_id: str) -> Session:
    """One time, one place, a week from now."""
    plan = SlotPlan(NOW + timedelta(days=7), NOW + timedelta(days=7, hours=1), 1)
    return Session.create(
        str(uuid.uuid4()), "Making GP appointments easier", "online", None, (),
        "https://meet.example.org/gp", [plan], NOW - timedelta(minutes=1),
        organisation_id=organisation_id,
    )  # fmt: skip


def booked(session: Session, who: str) -> Booking:
    [slot] = session.slots
    booking = Booking(str(uuid.uuid4()), session.id, slot.id, who, NOW)
    slot.bookings.append(booking)
    return booking


def queued(session: Session, who: str) -> waitlist.WaitlistEntry:
    [slot] = session.slots
    entry = waitlist.WaitlistEntry(str(uuid.uuid4()), slot.id, session.id, who, NOW)
    slot.waitlist.append(entry)
    return entry


def forget(participant_id: str, organisation_id: str) -> ForgetInOrganisation:
    """The command the consumer builds from the event's data as the contract loads it."""
    data = {**SAMPLE, "participant_id": participant_id, "organisation_id": organisation_id}
    command = FROM_EVENTS["ErasureFromOrganisationRequested"](
        load_data("ErasureFromOrganisationRequested", 1, data)
    )
    assert isinstance(command, ForgetInOrganisation)
    return command


def test_the_event_becomes_the_command_and_the_table_has_its_handler() -> None:
    ann, hospice = str(uuid.uuid4()), str(uuid.uuid4())
    assert forget(ann, hospice) == ForgetInOrganisation(ann, hospice)
    assert ForgetInOrganisation in COMMAND_HANDLERS


def test_only_that_organisations_places_go_and_its_bookings_lose_their_name() -> None:
    ann, wendy, xavier = (str(uuid.uuid4()) for _ in range(3))
    hospice = str(uuid.uuid4())
    full, other, ours = session_of(hospice), session_of(hospice), session_of(FIRST_ORGANISATION_ID)
    leaving = booked(full, ann)
    queued(full, wendy)  # first in line for ann's place
    booked(other, xavier)
    ann_waits = queued(other, ann)  # ann waits for a hospice time too
    staying = booked(ours, ann)
    ours_later = session_of(FIRST_ORGANISATION_ID)
    booked(ours_later, xavier)
    still_waits = queued(ours_later, ann)
    uow, bus = FakeUnitOfWork(full, also=(other, ours, ours_later)), bootstrap()

    bus.handle(forget(ann, hospice), uow)
    uow.commit()

    assert leaving.status == CANCELLED and leaving.participant_id not in (ann, "")
    assert [(o.participant_id, o.slot_id) for o in uow.of(PlaceOffered)] == [
        (wendy, full.slots[0].id)
    ]
    assert uow.of(BookingCancelled) == []  # she chose this: no message about it
    assert ann_waits not in other.slots[0].waitlist  # out of the hospice's queue altogether
    assert (staying.status, staying.participant_id) == (CONFIRMED, ann)  # the other keeps her
    assert ours.slots[0].bookings == [staying]
    assert ours_later.slots[0].waitlist == [still_waits]
    assert still_waits.status == waitlist.WAITING

    bus.handle(forget(ann, hospice), uow)  # redelivered: nothing more
    uow.commit()
    assert len(uow.of(PlaceOffered)) == 1
    assert (staying.status, staying.participant_id) == (CONFIRMED, ann)
    assert [e.participant_id for e in full.slots[0].waitlist] == [wendy]
