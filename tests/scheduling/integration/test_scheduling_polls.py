"""Availability polls on SQLite through the Flask test client and the SMS handler: create,
invite (events), answers on the web and by text, answering again replaces, bad replies change
nothing, counts with access needs, closing, and turning the best times into slots."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from services.scheduling.adapters.tables.polls import poll_answers
from services.scheduling.bootstrap import bootstrap, uow_factory
from services.scheduling.config import load_settings
from services.scheduling.entrypoints.app import create_app
from services.scheduling.polls.service_layer import POLL_HINT
from services.scheduling.sms_dialogue import service_layer as sms_booking
from shared.bus.tables import outbox
from shared.pages.formats import uk_datetime
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.scheduling.fakes import Clock
from tests.support import migrated_engine, staff_client

NOW = datetime.now(UTC).replace(microsecond=0)
DAY = timedelta(days=1)
ACTIVITY = str(uuid.uuid4())


class World:
    def __init__(self, tmp_path: Path) -> None:
        self.engine: Engine = migrated_engine("scheduling", tmp_path)
        self.clock = Clock()  # the real time until a test sets one
        self.app: Flask = create_app(
            bootstrap(settings=load_settings(), engine=self.engine, clock=self.clock)
        )
        self.app.config["WTF_CSRF_ENABLED"] = False
        self.uows = uow_factory(self.engine)
        self.read = 0

    def staff(self, roles: list[str] | None = None) -> FlaskClient:
        return staff_client(self.app, roles or ["coordinator"])

    def participant(self, participant_id: str) -> FlaskClient:
        client = self.app.test_client()
        with client.session_transaction() as session:
            session["participant"] = {
                "id": participant_id,
                "issued_at": datetime.now(UTC).isoformat(),
            }
        return client

    def text(
        self, who: str, words: str, at: datetime | None = None, to: str | None = None
    ) -> list[tuple[str, Any]]:
        """`to`: the organisation whose number they texted (None: the deployment's)."""
        with self.uows() as uow:
            sms_booking.handle_text(who, words, uow, at or datetime.now(UTC), to)
            uow.commit()
        return self.published()

    def published(self) -> list[tuple[str, dict[str, Any]]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(outbox.c.id, outbox.c.event_type, outbox.c.payload)
                .where(outbox.c.id > self.read)
                .order_by(outbox.c.id)
            ).all()
        if rows:
            self.read = rows[-1].id
        return [(r.event_type, json.loads(r.payload)["data"]) for r in rows]

    def answers(self) -> dict[str, list[int]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(poll_answers.c.participant_id, poll_answers.c.choices))
            return {r.participant_id: list(r.choices) for r in rows}

    def recruited(self, *people: str, activity: str = ACTIVITY) -> None:
        """As ParticipantInvited tells scheduling: recruitment invited them to the activity,
        so its organisation's polls may ask them."""
        with self.uows() as uow:
            for participant_id in people:
                uow.dialogue.invited(participant_id, activity, datetime.now(UTC))
            uow.commit()

    def needs(self, participant_id: str, *needs: str) -> None:
        with self.uows() as uow:
            uow.needs.save(participant_id, needs)
            uow.commit()


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


def times(*days: int) -> list[dict[str, str]]:
    return [
        {
            "starts_at": (NOW + n * DAY).isoformat(),
            "ends_at": (NOW + n * DAY + timedelta(hours=2)).isoformat(),
        }
        for n in days
    ]


def new_poll(client: FlaskClient, *days: int, **fields: Any) -> Any:
    body = {
        "activity_id": ACTIVITY,
        "title": "Making GP appointments easier",
        "format": "in_person",
        "location": "Central Library, Calverley Street, Leeds LS1 3AB",
        "options": times(*(days or (4, 2, 3))),
        "closes_at": (NOW + DAY).isoformat(),
        **fields,
    }
    return client.post("/api/scheduling/polls", json=body)


def poll_with(world: World, *people: str) -> str:
    coordinator = world.staff()
    poll_id = new_poll(coordinator).get_json()["poll_id"]
    if people:
        world.recruited(*people)
        invited = coordinator.post(
            f"/api/scheduling/polls/{poll_id}/invitations", json={"participant_ids": list(people)}
        )
        assert invited.status_code == 200
    world.published()  # what was announced so far
    return str(poll_id)


def test_a_poll_numbers_its_times_in_order_and_rejects_bad_ones(world: World) -> None:
    coordinator = world.staff()
    made = new_poll(coordinator)
    assert made.status_code == 201
    starts = [o["starts_at"] for o in made.get_json()["options"]]
    assert [o["number"] for o in made.get_json()["options"]] == [1, 2, 3]
    assert starts == sorted(starts)
    assert world.published() == []  # nobody is asked until invited
    past = new_poll(coordinator, -1)
    assert past.status_code == 422 and "options.0.starts_at" in str(past.get_json())
    too_many = new_poll(coordinator, *range(1, 11))
    assert too_many.status_code == 422
    no_venue = new_poll(coordinator, location=None)
    assert no_venue.status_code == 422
    assert world.staff(["finance"]).get(f"/api/scheduling/polls/{uuid.uuid4()}").status_code == 403


def test_inviting_announces_each_person_once(world: World) -> None:
    coordinator = world.staff()
    poll_id = poll_with(world)
    ann, bo, cy = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    world.recruited(ann, bo, cy)
    url = f"/api/scheduling/polls/{poll_id}/invitations"
    first = coordinator.post(url, json={"participant_ids": [ann, bo, ann]})
    assert first.get_json() == {"invited": [ann, bo], "already_invited": []}
    events = world.published()
    assert [(t, d["participant_id"]) for t, d in events] == [
        ("PollInvited", ann),
        ("PollInvited", bo),
    ]
    data = events[0][1]
    assert data["poll_id"] == poll_id and data["activity_id"] == ACTIVITY
    assert [o["choice"] for o in data["options"]] == [1, 2, 3]
    assert data["title"] == "Making GP appointments easier"
    again = coordinator.post(url, json={"participant_ids": [bo, cy]})
    assert again.get_json() == {"invited": [cy], "already_invited": [bo]}
    assert [d["participant_id"] for _, d in world.published()] == [cy]
    missing = coordinator.post(
        f"/api/scheduling/polls/{uuid.uuid4()}/invitations", json={"participant_ids": [ann]}
    )
    assert missing.status_code == 404


def test_only_people_recruitment_invited_to_the_organisations_activities_can_be_asked(
    world: World,
) -> None:
    """An unknown id and another organisation's person are refused alike (404, naming how many
    were not found), and nobody in the request is asked."""
    coordinator = world.staff()
    poll_id = poll_with(world)
    ann, stranger, theirs = (str(uuid.uuid4()) for _ in range(3))
    world.recruited(ann)
    elsewhere = str(uuid.uuid4())  # another organisation's activity, as ActivityPublished says
    with world.uows() as uow:
        uow.activities.save(elsewhere, str(uuid.uuid4()))
        uow.commit()
    world.recruited(theirs, activity=elsewhere)
    url = f"/api/scheduling/polls/{poll_id}/invitations"
    for who in ([ann, stranger], [ann, theirs], [theirs]):
        refused = coordinator.post(url, json={"participant_ids": who})
        assert refused.status_code == 404, who
        message = refused.get_json()["message"]
        which = "The person" if len(who) == 1 else "1 of the 2 people"
        assert f"{which} to invite was not found" in message
        assert "nobody was invited" in message
    both = coordinator.post(url, json={"participant_ids": [stranger, theirs, ann]})
    assert "2 of the 3 people to invite were not found" in both.get_json()["message"]
    assert world.published() == []
    assert world.staff().get(f"/api/scheduling/polls/{poll_id}").get_json()["invited"] == 0
    # Someone invited to another of the organisation's activities may be asked.
    ours = str(uuid.uuid4())
    with world.uows() as uow:
        uow.activities.save(ours, FIRST_ORGANISATION_ID)
        uow.commit()
    world.recruited(stranger, activity=ours)
    asked = coordinator.post(url, json={"participant_ids": [ann, stranger]})
    assert asked.get_json() == {"invited": [ann, stranger], "already_invited": []}


def test_people_who_withdrew_are_skipped_and_not_offered(world: World) -> None:
    coordinator = world.staff()
    poll_id = poll_with(world)
    ann, bo = str(uuid.uuid4()), str(uuid.uuid4())
    world.recruited(ann, bo)
    with world.uows() as uow:
        uow.people.withdraw(bo, datetime.now(UTC))  # ConsentWithdrawn
        uow.commit()
    url = f"/api/scheduling/polls/{poll_id}/invitations"
    asked = coordinator.post(url, json={"participant_ids": [ann, bo]})
    assert asked.get_json() == {"invited": [ann], "already_invited": [bo]}
    assert [d["participant_id"] for _, d in world.published()] == [ann]
    page = coordinator.get(f"/book/manage/polls/{poll_id}").get_data(as_text=True)
    assert ann[:8] in page and bo[:8] not in page


def test_answering_on_the_web_and_again_replaces_the_answer(world: World) -> None:
    ann = str(uuid.uuid4())
    poll_id = poll_with(world, ann)
    page = world.participant(ann)
    shown = page.get(f"/book/polls/{poll_id}")
    assert shown.status_code == 200
    html = shown.get_data(as_text=True)
    assert uk_datetime(NOW + 2 * DAY) in html and "None of these suit me" in html
    answered = page.post(f"/book/polls/{poll_id}", data={"choices": ["1", "3"]})
    assert answered.status_code == 200 and "Thank you for your answer" in answered.get_data(
        as_text=True
    )
    assert world.answers() == {ann: [1, 3]}
    assert [(t, d["choices"], d["via"]) for t, d in world.published()] == [
        ("PollAnswered", [1, 3], "web")
    ]
    again = page.get(f"/book/polls/{poll_id}").get_data(as_text=True)
    assert "You have already answered" in again and 'value="3" checked' in again
    page.post(f"/book/polls/{poll_id}", data={"choices": ["none"]})
    assert world.answers() == {ann: []}
    assert [d["choices"] for _, d in world.published()] == [[]]


def test_bad_web_answers_change_nothing_and_strangers_see_nothing(world: World) -> None:
    ann = str(uuid.uuid4())
    poll_id = poll_with(world, ann)
    page = world.participant(ann)
    page.post(f"/book/polls/{poll_id}", data={"choices": ["2"]})
    world.published()
    assert page.post(f"/book/polls/{poll_id}", data={}).status_code == 400
    both = page.post(f"/book/polls/{poll_id}", data={"choices": ["none", "1"]})
    assert both.status_code == 400
    assert page.post(f"/book/polls/{poll_id}", data={"choices": ["7"]}).status_code == 422
    assert world.answers() == {ann: [2]} and world.published() == []
    stranger = world.participant(str(uuid.uuid4()))
    assert stranger.get(f"/book/polls/{poll_id}").status_code == 404
    assert stranger.post(f"/book/polls/{poll_id}", data={"choices": ["1"]}).status_code == 404
    assert page.get(f"/book/polls/{uuid.uuid4()}").status_code == 404
    signed_out = world.app.test_client().get(f"/book/polls/{poll_id}")
    assert signed_out.status_code == 302


@pytest.mark.parametrize(
    ("words", "choices"),
    [("1 3", [1, 3]), ("1,3", [1, 3]), ("1 and 3", [1, 3]), ("2", [2]), ("NONE", [])],
)
def test_answering_by_text(world: World, words: str, choices: list[int]) -> None:
    ann = str(uuid.uuid4())
    poll_with(world, ann)
    assert [(t, d["choices"], d["via"]) for t, d in world.text(ann, words)] == [
        ("PollAnswered", choices, "sms")
    ]
    assert world.answers() == {ann: choices}


def test_bad_texts_get_help_and_change_nothing(world: World) -> None:
    ann = str(uuid.uuid4())
    poll_with(world, ann)
    world.text(ann, "1 3")
    for words in ("one", "4", "1 4", "11", "\U0001f44d", "1.", "maybe"):
        events = world.text(ann, words)
        assert events == [
            (
                "BookingReplyNotUnderstood",
                {"participant_id": ann, "activity_id": ACTIVITY, "hint": POLL_HINT, "choices": 3},
            )
        ], words
    assert world.answers() == {ann: [1, 3]}
    world.text(ann, "2")  # answering again replaces
    assert world.answers() == {ann: [2]}


def test_booking_words_and_people_without_an_open_poll_go_to_the_booking_dialogue(
    world: World,
) -> None:
    ann = str(uuid.uuid4())
    poll_with(world, ann)
    [(kind, data)] = world.text(ann, "BOOK")
    assert kind == "BookingReplyNotUnderstood" and data["hint"] == "nothing_to_book"
    [(kind, data)] = world.text(str(uuid.uuid4()), "2")  # never invited to a poll
    assert kind == "BookingReplyNotUnderstood" and data["hint"] == "nothing_to_book"
    # The poll closes by itself at closes_at: numbers are the booking dialogue's again.
    [(kind, data)] = world.text(ann, "2", at=NOW + 2 * DAY)
    assert data["hint"] == "nothing_to_book"
    assert world.answers() == {}


def test_a_booking_offer_newer_than_the_poll_invitation_takes_the_numbers(world: World) -> None:
    ann = str(uuid.uuid4())
    poll_id = poll_with(world, ann)
    coordinator = world.staff()
    session = coordinator.post(
        f"/api/scheduling/polls/{poll_id}/sessions", json={"options": [1], "capacity": 3}
    ).get_json()
    with world.uows() as uow:
        uow.dialogue.invited(ann, ACTIVITY, datetime.now(UTC))
        uow.commit()
    world.published()  # the slots announced
    later = datetime.now(UTC) + timedelta(minutes=1)
    [(kind, _)] = world.text(ann, "BOOK", at=later)
    assert kind == "BookingOptionsOffered"
    events = world.text(ann, "1", at=later + timedelta(minutes=1))
    assert [t for t, _ in events] == ["BookingConfirmed"]
    assert events[0][1]["slot_id"] == session["slot_ids"][0]
    assert world.answers() == {}


def test_results_count_each_time_with_the_needs_of_those_who_can_come(world: World) -> None:
    ann, bo, cy, dee = (str(uuid.uuid4()) for _ in range(4))
    poll_id = poll_with(world, ann, bo, cy, dee)
    world.needs(ann, "step_free")
    world.needs(bo, "bsl", "carer")
    world.participant(ann).post(f"/book/polls/{poll_id}", data={"choices": ["1", "2"]})
    world.text(bo, "2")
    world.text(cy, "none")
    results = world.staff().get(f"/api/scheduling/polls/{poll_id}").get_json()
    assert (results["invited"], results["answered"], results["none_suit"]) == (4, 3, 1)
    assert results["status"] == "open" and results["title"] == "Making GP appointments easier"
    one, two, three = results["options"]
    assert (one["count"], one["participants"], one["needs"]) == (1, [ann], {"step_free": 1})
    assert one["needs_summary"] == "1 needs step-free access"
    assert two["count"] == 2 and sorted(two["participants"]) == sorted([ann, bo])
    assert two["needs"] == {"step_free": 1, "bsl": 1, "carer": 1}
    assert two["needs_summary"] == "1 needs step-free access, 1 BSL interpreter, 1 carer attending"
    assert three["count"] == 0 and three["needs_summary"] == "Nobody has told us of any needs."
    assert world.staff().get(f"/api/scheduling/polls/{uuid.uuid4()}").status_code == 404


def test_closing_stops_answers_everywhere(world: World) -> None:
    ann = str(uuid.uuid4())
    poll_id = poll_with(world, ann)
    world.text(ann, "1")
    coordinator = world.staff()
    closed = coordinator.post(f"/api/scheduling/polls/{poll_id}/close")
    assert closed.status_code == 200 and closed.get_json()["status"] == "closed"
    assert coordinator.post(f"/api/scheduling/polls/{poll_id}/close").status_code == 200
    page = world.participant(ann)
    assert "This poll has closed" in page.get(f"/book/polls/{poll_id}").get_data(as_text=True)
    posted = page.post(f"/book/polls/{poll_id}", data={"choices": ["2"]})
    assert "This poll has closed" in posted.get_data(as_text=True)
    [(_, data)] = world.text(ann, "2")  # the booking dialogue's again
    assert data["hint"] == "nothing_to_book"
    assert world.answers() == {ann: [1]}
    late = coordinator.post(
        f"/api/scheduling/polls/{poll_id}/invitations", json={"participant_ids": [ann]}
    )
    assert late.status_code == 409
    assert coordinator.post(f"/api/scheduling/polls/{uuid.uuid4()}/close").status_code == 404


def test_the_best_times_become_a_sessions_slots(world: World) -> None:
    poll_id = poll_with(world, str(uuid.uuid4()))
    coordinator = world.staff()
    options = coordinator.get(f"/api/scheduling/polls/{poll_id}").get_json()["options"]
    made = coordinator.post(
        f"/api/scheduling/polls/{poll_id}/sessions",
        json={"options": [3, 2], "capacity": 8, "access_features": ["step_free"]},
    )
    assert made.status_code == 201
    body = made.get_json()
    assert len(body["slot_ids"]) == 2
    published = world.published()
    assert [t for t, _ in published] == ["SlotPublished", "SlotPublished"]
    assert [d["starts_at"] for _, d in published] == [
        options[1]["starts_at"],
        options[2]["starts_at"],
    ]
    assert all(d["capacity"] == 8 and d["activity_id"] == ACTIVITY for _, d in published)
    details = coordinator.get(f"/api/scheduling/sessions/{body['session_id']}").get_json()
    assert details["activity_title"] == "Making GP appointments easier"
    unknown = coordinator.post(
        f"/api/scheduling/polls/{poll_id}/sessions", json={"options": [7], "capacity": 8}
    )
    assert unknown.status_code == 422
    missing = coordinator.post(
        f"/api/scheduling/polls/{uuid.uuid4()}/sessions", json={"options": [1], "capacity": 8}
    )
    assert missing.status_code == 404


def test_a_poll_invitation_newer_than_a_booking_offer_takes_the_numbers(world: World) -> None:
    ann = str(uuid.uuid4())
    coordinator = world.staff()
    earlier = new_poll(coordinator).get_json()["poll_id"]
    coordinator.post(
        f"/api/scheduling/polls/{earlier}/sessions", json={"options": [1, 2], "capacity": 3}
    )
    world.published()
    with world.uows() as uow:
        uow.dialogue.invited(ann, ACTIVITY, NOW)
        uow.commit()
    [(kind, _)] = world.text(ann, "BOOK")
    assert kind == "BookingOptionsOffered"
    poll_id = poll_with(world, ann)  # invited now, after the offer
    assert [(t, d["poll_id"], d["choices"]) for t, d in world.text(ann, "2")] == [
        ("PollAnswered", poll_id, [2])
    ]
    assert world.answers() == {ann: [2]}


def test_numbers_to_another_organisations_number_are_not_an_answer_to_this_poll(
    world: World,
) -> None:
    ann, whose = str(uuid.uuid4()), FIRST_ORGANISATION_ID  # the coordinator's organisation
    with world.uows() as uow:
        uow.activities.save(ACTIVITY, whose)  # as ActivityPublished tells scheduling
        uow.commit()
    poll_with(world, ann)
    [(kind, data)] = world.text(ann, "1 3", to=str(uuid.uuid4()))
    assert kind == "BookingReplyNotUnderstood" and data["hint"] == "nothing_to_book"
    assert world.answers() == {}
    assert [t for t, _ in world.text(ann, "1 3", to=whose)] == ["PollAnswered"]
    assert world.answers() == {ann: [1, 3]}
