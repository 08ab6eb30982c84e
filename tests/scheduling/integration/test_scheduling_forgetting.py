"""ErasureRequested and ConsentWithdrawn reach scheduling through the real broker (a private
topic, the service's own subscription): places are freed with no message to the person and
passed to the waitlist, what is only about them is deleted, past bookings with attendance stay
under a random id, and a withdrawn person cannot book until they consent again. Leaving one
organisation (ParticipantLeftOrganisation) frees only its places, and erasure from one
(ErasureFromOrganisationRequested) erases only its part of them. Delivered twice, each changes
nothing more."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from services.scheduling.adapters.tables.attendance import participant_needs
from services.scheduling.adapters.tables.people import participant_names
from services.scheduling.adapters.tables.polls import poll_answers, poll_invitations
from services.scheduling.adapters.tables.sessions import bookings
from services.scheduling.adapters.tables.sms_dialogue import invitations, sms_offers
from services.scheduling.adapters.tables.waitlist import waitlist_entries
from services.scheduling.adapters.unit_of_work import SchedulingUnitOfWork
from services.scheduling.attendance import service_layer as attendance
from services.scheduling.attendance.commands import RecordAttendance
from services.scheduling.booking.commands import BookSlot
from services.scheduling.booking.service_layer import booking as handlers
from services.scheduling.bootstrap import bootstrap, subscription, uow_factory
from services.scheduling.config import load_settings
from services.scheduling.entrypoints.app import create_app
from services.scheduling.polls import service_layer as polls
from services.scheduling.polls.commands import AnswerPoll, InviteToPoll
from services.scheduling.polls.domain import OptionPlan
from services.scheduling.reminders import service_layer as reminders
from services.scheduling.sessions.commands import CreateSession
from services.scheduling.sessions.domain.booking import BookingRefused
from services.scheduling.sessions.domain.planning import SlotPlan
from services.scheduling.sessions.service_layer import session_admin
from services.scheduling.sms_dialogue.domain import Offer
from services.scheduling.waitlist.commands import JoinWaitlist
from services.scheduling.waitlist.service_layer import waitlists
from services.scheduling.web import bus_of
from shared.bus.consumer import ConsumerRunner
from shared.bus.kafka_clients import make_consumer, make_producer
from shared.bus.tables import outbox
from shared.events.envelope import decode, encode
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.contract.test_event_samples import SAMPLES
from tests.scheduling.integration.test_scheduling_booking_pages import (
    as_participant,
    confirmed,
    invited_session,
    me,
)
from tests.support import (
    committed_offset,
    migrated_engine,
    migrated_postgres,
    produce,
    read_topic,
    running,
    wait_until,
)

NOW = datetime.now(UTC).replace(microsecond=0)
SOON = NOW + timedelta(days=3)


class Stack:
    def __init__(
        self, bootstrap: str, topic: str, tmp_path: Path, engine: Engine | None = None
    ) -> None:
        self.bootstrap, self.topic = bootstrap, topic
        self.engine: Engine = engine or migrated_engine("scheduling", tmp_path)
        self.uows: Callable[[], SchedulingUnitOfWork] = uow_factory(self.engine)
        self.sent = 0

    def session(
        self, *capacities: int, organisation_id: str | None = None, activity_id: str | None = None
    ) -> list[str]:
        """A session with one time per capacity, a day apart (of an activity of
        `organisation_id`, if named; `activity_id`, if given); returns the slot ids."""
        activity_id = activity_id or str(uuid.uuid4())
        if organisation_id is not None:
            with self.uows() as uow:
                uow.activities.save(activity_id, organisation_id)
                uow.commit()
        plans = tuple(
            SlotPlan(SOON + timedelta(days=n), SOON + timedelta(days=n, hours=1), capacity)
            for n, capacity in enumerate(capacities)
        )
        command = CreateSession(
            activity_id, "Making GP appointments easier", "online", None, (),
            "https://meet.example.org/gp", plans,
        )  # fmt: skip
        return [slot.id for slot in session_admin.create_session(command, self.uows()).slots]

    def book(self, slot_id: str, who: str) -> str:
        return handlers.book_slot(BookSlot(slot_id, who), self.uows()).booking.id

    def deliver(self, *events: bytes) -> None:
        """Each event on the private topic, keyed by the person, then the consumer runs."""
        produce(self.bootstrap, self.topic, [(b"key", event) for event in events])
        self.sent += len(events)
        sub = subscription()
        sub.group, sub.topics = f"scheduling-test-{uuid.uuid4().hex[:8]}", [self.topic]
        runner = ConsumerRunner(
            sub,
            self.uows,
            consumer_factory=lambda: make_consumer(self.bootstrap, sub.group, [self.topic]),
            producer_factory=lambda: make_producer(self.bootstrap, "scheduling-test-dlq"),
        )
        with running(runner.run):
            wait_until(
                lambda: committed_offset(self.bootstrap, sub.group, self.topic) == self.sent,
                what="every event handled",
            )
        assert read_topic(self.bootstrap, f"{self.topic}.dlq", timeout=1) == []

    def outbox(self, *types: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(outbox.c.event_type, outbox.c.payload).where(outbox.c.event_type.in_(types))
            ).all()
        return [{"type": r.event_type, **decode(r.payload.encode()).data} for r in rows]

    def rows(self, table: Any, who: str) -> int:
        with self.engine.connect() as conn:
            query = select(func.count()).select_from(table).where(table.c.participant_id == who)
            return int(conn.execute(query).scalar_one())

    def status(self, booking_id: str) -> tuple[str, str]:
        with self.engine.connect() as conn:
            query = select(bookings.c.status, bookings.c.participant_id).where(
                bookings.c.id == booking_id
            )
            row = conn.execute(query).one()
        return row.status, row.participant_id


@pytest.fixture
def stack(bootstrap: str, topic: str, tmp_path: Path) -> Stack:
    return Stack(bootstrap, topic, tmp_path)


@pytest.fixture(params=["sqlite", "postgres"])
def either_stack(
    request: pytest.FixtureRequest, bootstrap: str, topic: str, tmp_path: Path
) -> Iterator[Stack]:
    """The stack on SQLite, and on PostgreSQL (a fresh schema, migrated from nothing)."""
    if request.param == "sqlite":
        yield Stack(bootstrap, topic, tmp_path)
    else:
        with migrated_postgres("scheduling") as engine:
            yield Stack(bootstrap, topic, tmp_path, engine)


def event(type_: str, who: str, **data: Any) -> bytes:
    envelope = decode((SAMPLES / f"{type_}.v1.json").read_bytes())
    fresh = dataclasses.replace(
        envelope,
        id=str(uuid.uuid4()),
        key=who,
        data={**envelope.data, "participant_id": who, **data},
    )
    return encode(fresh)


def test_erasure_frees_places_silently_and_keeps_only_anonymous_attendance(
    stack: Stack,
) -> None:
    ann, wendy, xavier = (str(uuid.uuid4()) for _ in range(3))
    [full], [other], [attended] = stack.session(1), stack.session(1), stack.session(5)
    ann_booking = stack.book(full, ann)
    waitlists.join_waitlist(
        JoinWaitlist(full, wendy), stack.uows()
    )  # first in line for ann's place
    stack.book(other, xavier)
    waitlists.join_waitlist(
        JoinWaitlist(other, ann), stack.uows()
    )  # ann waits for another time too
    past = stack.book(attended, str(uuid.uuid4()))
    ann_past = stack.book(stack.session(5)[0], ann)
    later = SOON + timedelta(days=5)
    attendance.record(
        RecordAttendance(ann_past, "attended", None, str(uuid.uuid4())), stack.uows(), lambda: later
    )
    invited_to = str(uuid.uuid4())  # by recruitment, so its polls may ask them
    with stack.uows() as uow:
        uow.needs.save(ann, ("step_free", "bsl"))
        uow.dialogue.invited(ann, invited_to, NOW)
        uow.commit()
    option = OptionPlan(SOON, SOON + timedelta(hours=1))
    asked = polls.CreatePoll(invited_to, "Times", "online", None, "https://x.example",
                             (option,), SOON - timedelta(days=1))  # fmt: skip
    poll = polls.create_poll(asked, stack.uows(), lambda: NOW)
    polls.invite(InviteToPoll(poll.id, [ann]), stack.uows(), lambda: NOW)
    polls.answer(AnswerPoll(poll.id, ann, frozenset({1}), "web"), stack.uows(), lambda: NOW)

    erasure = event("ErasureRequested", ann)
    stack.deliver(erasure, erasure, event("ErasureRequested", ann))  # twice, and a copy

    assert stack.status(ann_booking)[0] == "cancelled"
    assert stack.outbox("BookingCancelled") == []  # nobody to tell, and no message may go
    offered = stack.outbox("PlaceOffered")
    assert [(o["participant_id"], o["slot_id"]) for o in offered] == [(wendy, full)]
    for table in (bookings, waitlist_entries, participant_needs, invitations, poll_invitations):
        assert stack.rows(table, ann) == 0, table.name
    assert stack.rows(poll_answers, ann) == 0
    status, kept_as = stack.status(ann_past)  # attended: reporting still counts it
    assert status == "confirmed" and kept_as not in (ann, "")
    assert stack.status(past)[0] == "confirmed"  # other people's bookings are untouched
    with stack.engine.connect() as conn:
        keys = conn.execute(select(outbox.c.key).where(outbox.c.sent_at.is_not(None))).scalars()
        assert ann not in list(keys)


def test_withdrawing_consent_to_take_part_stops_bookings_and_reminders(stack: Stack) -> None:
    ann, wendy = str(uuid.uuid4()), str(uuid.uuid4())
    [slot] = stack.session(1)
    booking = stack.book(slot, ann)
    waitlists.join_waitlist(JoinWaitlist(slot, wendy), stack.uows())

    stack.deliver(event("ConsentWithdrawn", ann, scope="special_category"))
    assert stack.status(booking)[0] == "confirmed"  # only health details: recruitment's

    withdrawal = event("ConsentWithdrawn", ann)
    stack.deliver(withdrawal, withdrawal)
    assert stack.status(booking)[0] == "cancelled"
    assert stack.outbox("BookingCancelled") == []
    assert [o["participant_id"] for o in stack.outbox("PlaceOffered")] == [wendy]
    reminders.announce_due(stack.uows(), SOON - timedelta(hours=1))
    assert ann not in [r["participant_id"] for r in stack.outbox("ReminderDue")]

    [later] = stack.session(3)
    with pytest.raises(BookingRefused) as refused:
        stack.book(later, ann)
    assert refused.value.reason == "withdrawn"
    assert "no longer want to take part" in refused.value.message
    with pytest.raises(BookingRefused) as refused:
        waitlists.join_waitlist(JoinWaitlist(slot, ann), stack.uows())
    assert refused.value.reason == "withdrawn"  # not "free places": wendy holds the one place

    stack.deliver(event("ConsentGiven", ann, scope="taking_part"))  # to take part again
    assert stack.status(stack.book(later, ann))[0] == "confirmed"


def test_a_withdrawn_person_is_told_why_on_the_booking_page(tmp_path: Path) -> None:
    app = create_app(
        bootstrap(settings=load_settings(), engine=migrated_engine("scheduling", tmp_path))
    )
    app.config["WTF_CSRF_ENABLED"] = False
    person = as_participant(app)
    session_id, (slot_id, *_) = invited_session(app, person)
    with bus_of(app).uow_factory() as uow:
        uow.people.withdraw(me(person), NOW)
        uow.commit()
    refused = person.post(f"/book/sessions/{session_id}", data={"slot_id": slot_id})
    assert refused.status_code == 409
    assert "no longer want to take part" in refused.get_data(as_text=True)
    assert confirmed(app) == []
    welsh = person.post(f"/book/sessions/{session_id}?lang=cy", data={"slot_id": slot_id})
    assert "nad ydych chi eisiau cymryd rhan mwyach" in welsh.get_data(as_text=True)


def test_leaving_one_organisation_frees_only_its_places(stack: Stack) -> None:
    ann, wendy = str(uuid.uuid4()), str(uuid.uuid4())
    hospice = str(uuid.uuid4())
    [theirs] = stack.session(1, organisation_id=hospice)
    [also_theirs] = stack.session(1, organisation_id=hospice)
    [ours] = stack.session(1, organisation_id=FIRST_ORGANISATION_ID)
    leaving = stack.book(theirs, ann)
    staying = stack.book(ours, ann)
    stack.book(also_theirs, wendy)
    waitlists.join_waitlist(JoinWaitlist(theirs, wendy), stack.uows())
    waitlists.join_waitlist(JoinWaitlist(also_theirs, ann), stack.uows())

    left = event("ParticipantLeftOrganisation", ann, organisation_id=hospice)
    stack.deliver(left, left)  # twice: nothing more the second time
    assert stack.status(leaving)[0] == "cancelled"
    assert stack.status(staying)[0] == "confirmed"  # the other organisation keeps her
    assert [o["participant_id"] for o in stack.outbox("PlaceOffered")] == [wendy]
    with stack.engine.connect() as conn:
        queued = conn.execute(
            select(waitlist_entries.c.slot_id, waitlist_entries.c.status).where(
                waitlist_entries.c.participant_id == ann
            )
        ).all()
    assert [(slot, status) for slot, status in queued if status in ("waiting", "offered")] == []
    assert stack.outbox("BookingCancelled") == []  # she chose this: no message about it


def test_erasure_from_one_organisation_forgets_only_its_part_of_them(
    either_stack: Stack,
) -> None:
    stack = either_stack
    ann, wendy, xavier = (str(uuid.uuid4()) for _ in range(3))
    hospice, theirs, ours = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    with stack.uows() as uow:
        uow.activities.save(theirs, hospice)
        uow.activities.save(ours, FIRST_ORGANISATION_ID)
        uow.commit()
    [full] = stack.session(1, organisation_id=hospice, activity_id=theirs)
    [other] = stack.session(1, organisation_id=hospice, activity_id=theirs)
    [attended] = stack.session(5, organisation_id=hospice, activity_id=theirs)
    [ours_now] = stack.session(1, organisation_id=FIRST_ORGANISATION_ID, activity_id=ours)
    [ours_full] = stack.session(1, organisation_id=FIRST_ORGANISATION_ID, activity_id=ours)
    leaving = stack.book(full, ann)
    waitlists.join_waitlist(JoinWaitlist(full, wendy), stack.uows())  # first in line for it
    stack.book(other, xavier)
    waitlists.join_waitlist(JoinWaitlist(other, ann), stack.uows())
    ann_past = stack.book(attended, ann)
    later = SOON + timedelta(days=5)
    attendance.record(
        RecordAttendance(ann_past, "attended", None, str(uuid.uuid4())), stack.uows(), lambda: later
    )
    staying = stack.book(ours_now, ann)
    stack.book(ours_full, xavier)
    waitlists.join_waitlist(JoinWaitlist(ours_full, ann), stack.uows())
    with stack.uows() as uow:
        uow.needs.save(ann, ("step_free",))
        uow.names.save_participant(ann, "Ann")
        for activity, slot in ((theirs, full), (ours, ours_now)):
            uow.dialogue.invited(ann, activity, NOW)
            uow.dialogue.add_offer(Offer(ann, activity, [slot], NOW, "asked"))
        uow.commit()
    option = OptionPlan(SOON, SOON + timedelta(hours=1))
    for activity in (theirs, ours):
        asked = polls.CreatePoll(activity, "Times", "online", None, "https://x.example",
                                 (option,), SOON - timedelta(days=1))  # fmt: skip
        poll = polls.create_poll(asked, stack.uows(), lambda: NOW)
        polls.invite(InviteToPoll(poll.id, [ann]), stack.uows(), lambda: NOW)
        polls.answer(AnswerPoll(poll.id, ann, frozenset({1}), "web"), stack.uows(), lambda: NOW)
    with stack.engine.begin() as conn:  # the relay has published everything so far
        conn.execute(outbox.update().values(sent_at=NOW))

    erasure = event("ErasureFromOrganisationRequested", ann, organisation_id=hospice)
    again = event("ErasureFromOrganisationRequested", ann, organisation_id=hospice)
    stack.deliver(erasure, erasure, again)  # twice, and a copy: nothing more after the first

    status, kept_as = stack.status(leaving)
    assert status == "cancelled" and kept_as not in (ann, "")
    status, kept_as = stack.status(ann_past)  # attended: reporting still counts it
    assert status == "confirmed" and kept_as not in (ann, "")
    assert stack.status(staying) == ("confirmed", ann)  # the other organisation keeps her
    assert stack.outbox("BookingCancelled") == []  # nobody to tell, and no message may go
    offered = stack.outbox("PlaceOffered")
    assert [(o["participant_id"], o["slot_id"]) for o in offered] == [(wendy, full)]
    with stack.engine.connect() as conn:

        def activities_of(table: Any) -> list[str]:
            query = select(table.c.activity_id).where(table.c.participant_id == ann)
            return list(conn.execute(query).scalars())

        def polls_of(table: Any) -> list[str]:
            query = select(table.c.poll_id).where(table.c.participant_id == ann)
            return list(conn.execute(query).scalars())

        assert activities_of(invitations) == [ours]
        assert activities_of(sms_offers) == [ours]
        assert len(polls_of(poll_invitations)) == len(polls_of(poll_answers)) == 1
        waits = select(waitlist_entries.c.slot_id).where(waitlist_entries.c.participant_id == ann)
        assert list(conn.execute(waits).scalars()) == [ours_full]
        sent = conn.execute(
            select(outbox.c.event_type, outbox.c.payload).where(
                outbox.c.key == ann, outbox.c.sent_at.is_not(None)
            )
        ).all()
    about = {(row.event_type, decode(row.payload.encode()).data["activity_id"]) for row in sent}
    assert {activity for _, activity in about} == {ours}  # the hospice's copies are gone
    assert {"BookingConfirmed", "WaitlistJoined", "PollInvited", "PollAnswered"} <= {
        kind for kind, _ in about
    }
    assert [row["activity_id"] for row in stack.outbox("PollAnswered")] == [ours]
    assert stack.rows(participant_needs, ann) == stack.rows(participant_names, ann) == 1
