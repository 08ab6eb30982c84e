"""Feedback after a session on SQLite and PostgreSQL, through the consumer's SMS handler and
the Flask test client: those who attended are asked once after the end; a texted 4 and then
words reach the coordinators' summary without names; a reply that is not 1 to 5 is asked again
once, then kept as words; the newest question (feedback, or a booking offer) decides what a
number means, in both orders; the web form; the switch per activity, scoped to the
organisation; the data download and erasure."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from services.scheduling.adapters.tables.feedback import feedback_requests
from services.scheduling.attendance import service_layer as attendance
from services.scheduling.attendance.commands import RecordAttendance
from services.scheduling.booking.commands import BookSlot
from services.scheduling.booking.service_layer import booking
from services.scheduling.bootstrap import bootstrap, uow_factory
from services.scheduling.config import load_settings
from services.scheduling.entrypoints.app import create_app
from services.scheduling.feedback import service_layer as feedback
from services.scheduling.people.commands import Erase, LeaveOrganisation
from services.scheduling.sessions.commands import CreateSession
from services.scheduling.sessions.domain.planning import SlotPlan
from services.scheduling.sessions.service_layer import session_admin
from services.scheduling.sms_dialogue.commands import RecordInvitation
from services.scheduling.web import bus_of
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.scheduling.fakes import Clock
from tests.scheduling.integration.test_scheduling_polls import World, new_poll
from tests.support import migrated_postgres

TOMORROW = (datetime.now(UTC) + timedelta(days=1)).replace(
    hour=10, minute=0, second=0, microsecond=0
)
ENDS = TOMORROW + timedelta(hours=1)
ASK_AT = ENDS + timedelta(hours=1)  # the default delay after the end
OTHER_ORGANISATION = str(uuid.uuid4())


class Feedback(World):
    def __init__(self, tmp_path: Path, engine: Engine | None = None) -> None:
        if engine is None:
            super().__init__(tmp_path)
            return
        self.engine, self.clock, self.read = engine, Clock(), 0
        self.app = create_app(bootstrap(settings=load_settings(), engine=engine, clock=self.clock))
        self.app.config["WTF_CSRF_ENABLED"] = False
        self.uows = uow_factory(engine)

    def session(
        self, title: str, starts_at: datetime, organisation_id: str = FIRST_ORGANISATION_ID
    ) -> tuple[str, str, str]:
        """An activity of that organisation with one in-person time; (activity, session, slot)."""
        activity_id = str(uuid.uuid4())
        with self.uows() as uow:
            uow.activities.save(activity_id, organisation_id)
            uow.commit()
        plan = SlotPlan(starts_at, starts_at + timedelta(hours=1), 10)
        command = CreateSession(
            activity_id, title, "in_person", "Central Library, Leeds", (), None, (plan,)
        )
        made = session_admin.create_session(command, self.uows())
        self.published()  # SlotPublished: not what these tests are about
        return activity_id, made.id, made.slots[0].id

    def attended(self, slot_id: str, who: str, outcome: str = "attended") -> str:
        booking_id = booking.book_slot(BookSlot(slot_id, who), self.uows()).booking.id
        minutes = 30 if outcome == "partly_attended" else None
        record = RecordAttendance(booking_id, outcome, minutes, str(uuid.uuid4()))
        attendance.record(record, self.uows(), lambda: TOMORROW + timedelta(minutes=30))
        self.published()
        return booking_id

    def consume(self, command: object) -> None:
        """A command the consumer runs in its own unit of work (with the inbox row)."""
        with self.uows() as uow:
            bus_of(self.app).handle(command, uow)
            uow.commit()

    def named(self, who: str, name: str) -> None:
        with self.uows() as uow:
            uow.names.save_participant(who, name)
            uow.commit()

    def ask(self, at: datetime = ASK_AT) -> list[tuple[str, Any]]:
        feedback.ask_due(self.uows(), at)
        return self.published()

    def coordinator(self, organisation_id: str = FIRST_ORGANISATION_ID) -> FlaskClient:
        client = self.app.test_client()
        with client.session_transaction() as session:
            session["staff"] = {
                "id": str(uuid.uuid4()), "name": "Cora", "roles": ["coordinator"],
                "organisation_id": organisation_id, "issued_at": datetime.now(UTC).isoformat(),
            }  # fmt: skip
        return client

    def stored(self) -> list[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(select(feedback_requests)))


@pytest.fixture(params=["sqlite", "postgres"])
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Feedback]:
    """Each test on SQLite (the embedded default) and on PostgreSQL (the deployment's)."""
    if request.param == "sqlite":
        yield Feedback(tmp_path)
        return
    with migrated_postgres("scheduling") as engine:
        yield Feedback(tmp_path, engine)


def steps(published: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [(t, d.get("step", d.get("rating"))) for t, d in published]


def test_those_who_attended_are_asked_once_after_the_end(world: Feedback) -> None:
    ann, bo, cy = (str(uuid.uuid4()) for _ in range(3))
    _, session_id, slot = world.session("Shaping the diabetes clinic", TOMORROW)
    world.attended(slot, ann)
    world.attended(slot, bo, "no_show")
    world.attended(slot, cy, "partly_attended")
    world.published()
    assert world.ask(ENDS + timedelta(minutes=30)) == []  # too soon after the end
    asked = world.ask()
    assert sorted((t, d["participant_id"], d["step"]) for t, d in asked) == sorted(
        [("FeedbackRequested", ann, "ask"), ("FeedbackRequested", cy, "ask")]
    )
    assert {d["activity_title"] for _, d in asked} == {"Shaping the diabetes clinic"}
    assert {d["session_id"] for _, d in asked} == {session_id}
    assert world.ask(ASK_AT + timedelta(hours=1)) == []  # once each


def test_a_texted_4_then_words_reach_the_summary_without_names(world: Feedback) -> None:
    ann = str(uuid.uuid4())
    world.named(ann, "Ann Example")
    activity, session_id, slot = world.session("Shaping the diabetes clinic", TOMORROW)
    world.attended(slot, ann)
    world.ask()
    later = ASK_AT + timedelta(minutes=10)
    rated = world.text(ann, " 4 ", at=later)
    assert steps(rated) == [("FeedbackRequested", "words"), ("FeedbackGiven", 4)]
    given = rated[1][1]
    assert given["session_id"] == session_id and given["with_words"] is False
    assert "participant_id" not in given  # nobody is named on the wire
    said = world.text(ann, "The room was too warm", at=later + timedelta(minutes=2))
    assert steps(said) == [("FeedbackRequested", "thanks"), ("FeedbackGiven", 4)]
    assert said[1][1]["with_words"] is True and "words" not in said[1][1]

    page = world.coordinator().get(f"/book/manage/activities/{activity}/feedback")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "The room was too warm" in text and "4.0 out of 5" in text
    assert "1 of 1 people asked gave a number" in text
    assert "Ann Example" not in text and ann not in text
    assert f'id="session-{session_id}"' in text
    # a text after the thanks is not feedback any more: the booking dialogue answers it
    assert [t for t, _ in world.text(ann, "5", at=later + timedelta(minutes=3))] == [
        "BookingReplyNotUnderstood"
    ]


def test_a_reply_that_is_not_1_to_5_is_asked_again_once_then_kept_as_words(
    world: Feedback,
) -> None:
    ann = str(uuid.uuid4())
    _, _, slot = world.session("Shaping the diabetes clinic", TOMORROW)
    world.attended(slot, ann)
    world.ask()
    assert steps(world.text(ann, "It was great", at=ASK_AT)) == [
        ("FeedbackRequested", "rating_again")
    ]
    assert steps(world.text(ann, "Really, very good", at=ASK_AT)) == [
        ("FeedbackRequested", "thanks"), ("FeedbackGiven", None),
    ]  # fmt: skip
    [row] = world.stored()
    assert (row.rating, row.words, row.state, row.via) == (None, "Really, very good", "done", "sms")


def test_a_booking_offer_after_the_feedback_question_takes_the_number(world: Feedback) -> None:
    ann = str(uuid.uuid4())
    _, _, slot = world.session("Shaping the diabetes clinic", TOMORROW)
    next_one, _, _ = world.session("Walking group", TOMORROW + timedelta(days=5))
    world.attended(slot, ann)
    world.consume(RecordInvitation(ann, next_one))
    world.ask()
    offered = world.text(ann, "BOOK", at=ASK_AT + timedelta(minutes=5))  # BOOK is never feedback
    assert [t for t, _ in offered] == ["BookingOptionsOffered"]
    booked = world.text(ann, "1", at=ASK_AT + timedelta(minutes=6))
    assert [t for t, _ in booked] == ["BookingConfirmed"]
    assert world.stored()[0].rating is None


def test_the_feedback_question_after_an_offer_takes_the_number(world: Feedback) -> None:
    ann = str(uuid.uuid4())
    _, _, slot = world.session("Shaping the diabetes clinic", TOMORROW)
    next_one, _, _ = world.session("Walking group", TOMORROW + timedelta(days=5))
    world.attended(slot, ann)
    world.consume(RecordInvitation(ann, next_one))
    assert [t for t, _ in world.text(ann, "BOOK", at=ASK_AT - timedelta(minutes=5))] == [
        "BookingOptionsOffered"
    ]
    world.ask()  # asked after the offer: "1" now rates the session, it books nothing
    assert steps(world.text(ann, "1", at=ASK_AT + timedelta(minutes=1))) == [
        ("FeedbackRequested", "words"), ("FeedbackGiven", 1),
    ]  # fmt: skip


def test_the_web_form(world: Feedback) -> None:
    ann, bo = str(uuid.uuid4()), str(uuid.uuid4())
    _, _, slot = world.session("Shaping the diabetes clinic", TOMORROW)
    world.attended(slot, ann)
    [(_, asked)] = world.ask()
    page = f"/book/feedback/{asked['request_id']}"
    me = world.participant(ann)
    shown = me.get(page)
    assert shown.status_code == 200
    text = shown.get_data(as_text=True)
    assert "How was Shaping the diabetes clinic?" in text and 'name="rating"' in text
    assert world.participant(bo).get(page).status_code == 404  # not theirs
    assert world.app.test_client().get(page).status_code == 302  # signed in by the link first
    assert me.post(page, data={"rating": "9"}).status_code == 422
    empty = me.post(page, data={"rating": "", "words": "  "})
    assert empty.status_code == 400 and "Choose a number, or write a few words" in empty.get_data(
        as_text=True
    )
    done = me.post(page, data={"rating": "5", "words": "Kind people.\nGood tea."})
    assert done.status_code == 200 and "Thank you for telling us" in done.get_data(as_text=True)
    assert steps(world.published()) == [("FeedbackGiven", 5)]
    [row] = world.stored()
    assert (row.rating, row.words, row.via) == (5, "Kind people.\nGood tea.", "web")
    assert "You have already answered" in me.get(page).get_data(as_text=True)
    welsh = me.get(page, headers={"Accept-Language": "cy"}).get_data(as_text=True)
    assert "Sut oedd Shaping the diabetes clinic?" in welsh


def test_coordinators_turn_asking_off_for_their_own_activities_only(world: Feedback) -> None:
    ann = str(uuid.uuid4())
    activity, session_id, slot = world.session("Shaping the diabetes clinic", TOMORROW)
    theirs, _, _ = world.session("Their clinic", TOMORROW, OTHER_ORGANISATION)
    world.attended(slot, ann)
    me = world.coordinator()
    session_page = f"/book/manage/sessions/{session_id}"
    assert "people who came are asked how it went" in me.get(session_page).get_data(as_text=True)
    off = me.post(f"/book/manage/activities/{activity}/feedback/asking", data={"ask": "no"})
    assert off.status_code == 302 and off.headers["Location"].endswith("?done=off")
    assert world.ask() == []
    assert "this is turned off for the activity" in me.get(session_page).get_data(as_text=True)
    assert me.post(f"/book/manage/activities/{activity}/feedback/asking").status_code == 400
    for path in (f"/book/manage/activities/{theirs}/feedback",
                 f"/book/manage/activities/{uuid.uuid4()}/feedback"):  # fmt: skip
        assert me.get(path).status_code == 404
        assert me.post(f"{path}/asking", data={"ask": "no"}).status_code == 404
    assert world.participant(ann).get(
        f"/book/manage/activities/{activity}/feedback"
    ).status_code in (302, 403)
    me.post(f"/book/manage/activities/{activity}/feedback/asking", data={"ask": "yes"})
    assert [d["participant_id"] for _, d in world.ask()] == [ann]


def test_my_data_holds_my_feedback_and_erasure_detaches_it(world: Feedback) -> None:
    ann, bo = str(uuid.uuid4()), str(uuid.uuid4())
    _, _, slot = world.session("Shaping the diabetes clinic", TOMORROW)
    world.attended(slot, ann)
    world.attended(slot, bo)
    world.ask()
    world.text(ann, "4", at=ASK_AT)
    world.text(ann, "Lovely people", at=ASK_AT)
    [mine] = world.participant(ann).get("/book/me/data.json").get_json()["feedback"]
    assert (mine["rating"], mine["words"], mine["via"]) == (4, "Lovely people", "sms")
    assert "Lovely people" in world.participant(ann).get("/book/me/data").get_data(as_text=True)

    world.consume(Erase(ann))
    world.consume(Erase(bo))  # never answered: the question goes
    [kept] = world.stored()
    assert kept.rating == 4 and kept.words is None
    assert kept.participant_id not in (ann, bo)
    assert world.participant(ann).get("/book/me/data.json").get_json()["feedback"] == []


def invited_to_a_poll(world: Feedback, who: str, at: datetime) -> None:
    """Asked (at `at`) which of a poll's numbered times suit them."""
    world.clock.set(at)
    coordinator = world.staff()
    closes = (ASK_AT + timedelta(days=2)).isoformat()
    poll_id = new_poll(coordinator, 4, 5, closes_at=closes).get_json()["poll_id"]
    world.recruited(who)
    invited = coordinator.post(
        f"/api/scheduling/polls/{poll_id}/invitations", json={"participant_ids": [who]}
    )
    assert invited.status_code == 200
    world.clock.set(None)
    world.published()


@pytest.mark.parametrize(
    "poll_first", [True, False], ids=["poll-then-feedback", "feedback-then-poll"]
)
def test_the_newest_of_a_poll_and_the_feedback_question_takes_the_number(
    world: Feedback, poll_first: bool
) -> None:
    ann = str(uuid.uuid4())
    _, _, slot = world.session("Shaping the diabetes clinic", TOMORROW)
    world.attended(slot, ann)
    poll_at = ASK_AT + (-timedelta(hours=1) if poll_first else timedelta(minutes=5))
    invited_to_a_poll(world, ann, poll_at)
    world.ask()
    answered = world.text(ann, "2", at=ASK_AT + timedelta(minutes=10))
    if poll_first:  # the feedback question is the newer: 2 rates the session
        assert steps(answered) == [("FeedbackRequested", "words"), ("FeedbackGiven", 2)]
    else:  # the poll is the newer: 2 is a time that suits
        assert [(t, d["choices"]) for t, d in answered] == [("PollAnswered", [2])]
        assert world.stored()[0].rating is None


def test_nothing_more_is_asked_of_someone_who_left_the_organisation(world: Feedback) -> None:
    ann, bo, cy = (str(uuid.uuid4()) for _ in range(3))
    activity, _, slot = world.session("Shaping the diabetes clinic", TOMORROW)
    for who in (ann, bo, cy):
        world.attended(slot, who)
    world.consume(LeaveOrganisation(ann, FIRST_ORGANISATION_ID))  # before we asked
    asked = world.ask()
    assert sorted(d["participant_id"] for _, d in asked) == sorted([bo, cy])
    world.consume(LeaveOrganisation(bo, FIRST_ORGANISATION_ID))  # while we wait for a reply
    assert [t for t, _ in world.text(bo, "4", at=ASK_AT)] == ["BookingReplyNotUnderstood"]
    world.text(cy, "5", at=ASK_AT)
    page = world.coordinator().get(f"/book/manage/activities/{activity}/feedback")
    assert "1 of 2 people asked gave a number" in page.get_data(as_text=True)  # ann never asked
    assert world.participant(ann).get("/book/me/data.json").get_json()["feedback"] == []
