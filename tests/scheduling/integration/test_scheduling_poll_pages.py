"""Coordinators' poll pages (/book/manage/polls) on SQLite with the Flask test client: who gets
in, starting a poll with times written the UK way (and every refusal), inviting, counts with
the help those who can come need, closing, and turning a time into a session once. The pages'
clock is the bus's, which World sets."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from services.scheduling.adapters.tables.polls import polls
from services.scheduling.adapters.tables.sessions import sessions
from services.scheduling.polls.entrypoints.poll_forms import london
from tests.scheduling.integration.test_scheduling_polls import World

ACTIVITY = str(uuid.uuid4())
NEXT_YEAR = datetime.now(UTC).year + 1


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


def form(**fields: str) -> dict[str, str]:
    return {
        "activity_id": ACTIVITY,
        "title": "Making GP appointments easier",
        "format": "in_person",
        "location": "Central Library, Calverley Street, Leeds LS1 3AB",
        "times": f"3/12/{NEXT_YEAR} 10:30 to 12:00\n1/12/{NEXT_YEAR} 2:00pm to 3:30pm\n",
        "closes-day": "30",
        "closes-month": "11",
        "closes-year": str(NEXT_YEAR),
        **fields,
    }


def start_poll(coordinator: FlaskClient, **fields: str) -> str:
    made = coordinator.post("/book/manage/polls/new", data=form(**fields))
    assert made.status_code == 302, made.get_data(as_text=True)
    assert made.headers["Location"].endswith("?done=created")
    return str(made.headers["Location"].split("/")[-1].split("?")[0])


def count(world: World, table: Any) -> int:
    with world.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_only_coordinators_and_admins_get_in(world: World) -> None:
    anonymous = world.app.test_client().get("/book/manage/polls")
    assert anonymous.status_code == 302 and "/staff/sign-in" in anonymous.headers["Location"]
    assert world.staff(["finance"]).get("/book/manage/polls").status_code == 403
    assert world.staff(["finance"]).post("/book/manage/polls/new", data=form()).status_code == 403
    assert count(world, polls) == 0
    listed = world.staff(["admin"]).get("/book/manage/polls").get_data(as_text=True)
    assert "There are no polls yet." in listed
    assert "/book/manage/polls" in world.staff().get("/book/manage").get_data(as_text=True)


def test_a_poll_is_started_with_uk_times_and_listed(world: World) -> None:
    coordinator = world.staff()
    assert "Times to offer" in coordinator.get("/book/manage/polls/new").get_data(as_text=True)
    poll_id = start_poll(coordinator)
    results = coordinator.get(f"/api/scheduling/polls/{poll_id}").get_json()
    first, second = results["options"]
    # Numbered in time order; written in UK time (GMT in December), kept in UTC.
    assert first["starts_at"] == london(NEXT_YEAR, 12, 1, 14, 0).isoformat()
    assert second["ends_at"] == london(NEXT_YEAR, 12, 3, 12, 0).isoformat()
    assert results["closes_at"] == london(NEXT_YEAR, 11, 30, 23, 59).isoformat()
    shown = coordinator.get(f"/book/manage/polls/{poll_id}?done=created").get_data(as_text=True)
    assert "Now invite the people you want to ask" in shown
    weekday = london(NEXT_YEAR, 12, 1, 14, 0).strftime("%A")  # NEXT_YEAR moves the weekday
    assert f"1. {weekday} 1 December, 2:00pm to 3:30pm" in shown
    listed = coordinator.get("/book/manage/polls").get_data(as_text=True)
    assert f"/book/manage/polls/{poll_id}" in listed and "Open" in listed


def test_summer_times_are_read_as_british_summer_time(world: World) -> None:
    poll_id = start_poll(world.staff(), times=f"29/6/{NEXT_YEAR} 10:00 to 11:00")
    [option] = world.staff().get(f"/api/scheduling/polls/{poll_id}").get_json()["options"]
    assert option["starts_at"].startswith(f"{NEXT_YEAR}-06-29T09:00:00")


@pytest.mark.parametrize(
    ("fields", "field", "words", "status"),
    [
        ({"activity_id": ""}, "activity_id", "Enter the activity's reference number.", 400),
        ({"activity_id": "42"}, "activity_id", "as it is shown", 400),
        ({"title": " "}, "title", "Enter the activity's title.", 400),
        ({"format": "by pigeon"}, "format", "Choose online, in person or hybrid.", 400),
        ({"times": ""}, "times", "Enter the times to offer.", 400),
        ({"times": "next Tuesday"}, "times", "This one is not: next Tuesday", 400),
        ({"times": f"31/2/{NEXT_YEAR} 10:00 to 11:00"}, "times", "This one is not", 400),
        ({"times": "\n".join(["1/12/2099 10:00 to 11:00"] * 10)}, "times", "between 1 and 9", 400),
        ({"closes-day": ""}, "closes", "Enter the last day to answer.", 400),
        ({"closes-month": "13"}, "closes", "Enter a real date", 400),
        ({"location": ""}, "location", "Enter the venue's name and address.", 422),
        ({"joining_url": "http://x.example"}, "joining_url", "starts with https://", 400),
        ({"format": "online", "location": ""}, "joining_url", "link people use", 422),
        ({"times": "1/1/2020 10:00 to 11:00"}, "times", "still to come", 422),
        ({"times": f"1/12/{NEXT_YEAR} 11:00 to 10:00"}, "times", "end after it starts", 422),
        ({"closes-year": "2020"}, "closes", "still to come", 422),
    ],
)
def test_a_bad_poll_is_refused_with_the_reason_and_nothing_is_made(
    world: World, fields: dict[str, str], field: str, words: str, status: int
) -> None:
    refused = world.staff().post("/book/manage/polls/new", data=form(**fields))
    assert refused.status_code == status
    text = refused.get_data(as_text=True).replace("&#39;", "'")
    assert "There is a problem" in text and f'href="#{field}"' in text and words in text
    assert count(world, polls) == 0


def test_the_hour_the_clocks_skip_is_refused(world: World) -> None:
    # The last Sunday of March: 1:30am does not exist in the UK.
    march = max(
        datetime(NEXT_YEAR, 3, d) for d in range(25, 32) if datetime(NEXT_YEAR, 3, d).weekday() == 6
    )
    line = f"{march.day}/3/{NEXT_YEAR} 1:30 to 3:00"
    refused = world.staff().post("/book/manage/polls/new", data=form(times=line))
    assert refused.status_code == 400 and count(world, polls) == 0


def recruited(world: World, *people: tuple[str, str | None], activity: str = ACTIVITY) -> list[str]:
    """(id, name) of each, recorded as recruitment invited to the activity (as
    ParticipantInvited and ParticipantRegistered tell scheduling); returns their ids."""
    with world.uows() as uow:
        for participant_id, name in people:
            uow.dialogue.invited(participant_id, activity, datetime.now(UTC))
            if name:
                uow.names.save_participant(participant_id, name)
        uow.commit()
    return [participant_id for participant_id, _ in people]


def person(name: str | None = None) -> tuple[str, str | None]:
    return str(uuid.uuid4()), name


def test_the_page_names_whom_to_ask_and_inviting_is_by_ticking(world: World) -> None:
    coordinator = world.staff()
    poll_id = start_poll(coordinator)
    ann, bo, nameless = recruited(world, person("Ann Jones"), person("Bo Evans"), person())
    shown = coordinator.get(f"/book/manage/polls/{poll_id}").get_data(as_text=True)
    assert "Who to ask" in shown and "Ann Jones" in shown and "Bo Evans" in shown
    assert f'value="{ann}"' in shown and f'value="{bo}"' in shown
    assert f"Name not known (reference {nameless[:8]})" in shown
    assert shown.index("Ann Jones") < shown.index("Bo Evans") < shown.index("Name not known")
    assert "Reference numbers" not in shown and "<textarea" not in shown

    invited = coordinator.post(f"/book/manage/polls/{poll_id}/invitations", data={"people": [ann]})
    assert invited.status_code == 302 and invited.headers["Location"].endswith("done=invited")
    assert [(t, d["participant_id"]) for t, d in world.published()] == [("PollInvited", ann)]
    after = coordinator.get(invited.headers["Location"]).get_data(as_text=True)
    assert "Already asked" in after and f'value="{ann}"' not in after  # asked: no box
    assert after.index("Already asked") < after.index("Ann Jones")
    assert f'value="{bo}"' in after

    everyone = coordinator.post(
        f"/book/manage/polls/{poll_id}/invitations", data={"people": [bo, nameless]}
    )
    assert everyone.status_code == 302 and len(world.published()) == 2
    last = coordinator.get(f"/book/manage/polls/{poll_id}").get_data(as_text=True)
    assert "Everyone who can be asked has been asked." in last
    assert "Send the invitations" not in last


def test_with_nobody_invited_to_the_activities_the_page_says_how_to_get_people(
    world: World,
) -> None:
    coordinator = world.staff()
    poll_id = start_poll(coordinator)
    elsewhere = str(uuid.uuid4())  # another organisation's activity and person
    with world.uows() as uow:
        uow.activities.save(elsewhere, str(uuid.uuid4()))
        uow.commit()
    [theirs] = recruited(world, person("Cai Hughes"), activity=elsewhere)
    shown = coordinator.get(f"/book/manage/polls/{poll_id}").get_data(as_text=True)
    assert "There is nobody to ask yet." in shown
    assert "first invite them to the activity in recruitment" in shown
    assert "Cai Hughes" not in shown and theirs not in shown and "Send the invitations" not in shown
    welsh = coordinator.get(f"/book/manage/polls/{poll_id}?lang=cy").get_data(as_text=True)
    assert "Does neb i\u2019w holi eto." in welsh
    assert "gwahoddwch nhw i\u2019r gweithgaredd" in welsh


def test_inviting_counting_and_the_help_those_who_can_come_need(world: World) -> None:
    coordinator = world.staff()
    poll_id = start_poll(coordinator)
    ann, bo, cy = recruited(world, person("Ann"), person("Bo"), person("Cy"))
    invited = coordinator.post(
        f"/book/manage/polls/{poll_id}/invitations", data={"people": [ann, bo, cy, ann]}
    )
    assert invited.status_code == 302 and invited.headers["Location"].endswith("done=invited")
    assert [t for t, _ in world.published()] == ["PollInvited"] * 3
    world.needs(ann, "step_free")
    world.needs(bo, "step_free", "bsl")
    world.needs(cy, "carer")
    world.participant(ann).post(f"/book/polls/{poll_id}", data={"choices": ["1", "2"]})
    world.text(bo, "1")
    world.text(cy, "none")

    shown = coordinator.get(f"/book/manage/polls/{poll_id}").get_data(as_text=True)
    assert "3 of 3 people invited" in shown
    assert "2 people can come" in shown and "1 person can come" in shown
    assert "2 need step-free access, 1 BSL interpreter" in shown  # option 1: ann and bo
    assert "1 needs step-free access" in shown  # option 2: ann only
    assert "Most people" in shown
    assert ann not in shown  # who answered is in the API, not on the page

    again = coordinator.post(f"/book/manage/polls/{poll_id}/invitations", data={"people": ann})
    assert again.status_code == 302 and world.published() == []  # asked once only


def test_a_poll_at_a_listed_venue_checks_the_needs_of_those_who_can_come(world: World) -> None:
    coordinator = world.staff()
    venue = {"name": "Central Library", "address": "Calverley Street, Leeds LS1 3AB"}
    assert coordinator.post("/book/manage/venues/new", data=venue).status_code == 302
    poll_id = start_poll(coordinator)  # at "Central Library, Calverley Street, Leeds LS1 3AB"
    ann, bo, cy = recruited(world, person("Sam Hill"), person("Bo Khan"), person("Cy Evans"))
    coordinator.post(f"/book/manage/polls/{poll_id}/invitations", data={"people": [ann, bo, cy]})
    world.needs(ann, "step_free")
    world.needs(bo, "hearing_loop", "bsl")
    world.needs(cy, "step_free")
    world.participant(ann).post(f"/book/polls/{poll_id}", data={"choices": ["1"]})
    world.text(bo, "2")
    world.text(cy, "none")  # no time suits Cy: nothing to check for them

    shown = coordinator.get(f"/book/manage/polls/{poll_id}").get_data(as_text=True)
    gaps = shown.split('id="venue-gaps"')[1].split("</ul>")[0]
    assert "Bo Khan needs a hearing loop; Central Library has no hearing loop recorded." in gaps
    assert (
        "Sam Hill needs step-free access; Central Library has no step-free access recorded." in gaps
    )
    assert "Cy Evans" not in gaps
    welsh = coordinator.get(f"/book/manage/polls/{poll_id}?lang=cy").get_data(as_text=True)
    assert "Mae angen mynediad heb risiau ar Sam Hill" in welsh

    elsewhere = start_poll(coordinator, location="Old Chapel, 1 Hill Street, Leeds")
    coordinator.post(f"/book/manage/polls/{elsewhere}/invitations", data={"people": [ann]})
    world.participant(ann).post(f"/book/polls/{elsewhere}", data={"choices": ["1"]})
    other = coordinator.get(f"/book/manage/polls/{elsewhere}").get_data(as_text=True)
    assert "Needs the place may not meet" not in other  # not on the list: nothing to check


def test_ticking_nobody_says_so_and_changes_nothing(world: World) -> None:
    coordinator = world.staff()
    poll_id = start_poll(coordinator)
    [ann] = recruited(world, person("Ann Jones"))
    world.published()
    for data in ({}, {"people": ""}):
        refused = coordinator.post(f"/book/manage/polls/{poll_id}/invitations", data=data)
        text = refused.get_data(as_text=True)
        assert refused.status_code == 400 and "Choose at least one person to ask." in text
        assert "There is a problem" in text and 'href="#people"' in text and "Ann Jones" in text
    assert world.published() == []
    missing = coordinator.post(
        f"/book/manage/polls/{uuid.uuid4()}/invitations", data={"people": ann}
    )
    assert missing.status_code == 404


def test_an_unknown_id_or_another_organisations_person_is_not_found_and_nobody_is_asked(
    world: World,
) -> None:
    coordinator = world.staff()
    poll_id = start_poll(coordinator)
    [ann] = recruited(world, person("Ann Jones"))
    elsewhere = str(uuid.uuid4())
    with world.uows() as uow:
        uow.activities.save(elsewhere, str(uuid.uuid4()))
        uow.commit()
    [theirs] = recruited(world, person("Cai Hughes"), activity=elsewhere)
    world.published()
    for stranger in (theirs, str(uuid.uuid4()), "ann"):
        refused = coordinator.post(
            f"/book/manage/polls/{poll_id}/invitations", data={"people": [ann, stranger]}
        )
        assert refused.status_code == 404, stranger
    assert world.published() == []
    shown = coordinator.get(f"/book/manage/polls/{poll_id}").get_data(as_text=True)
    assert "0 of 0 people invited" in shown and f'value="{ann}"' in shown


def test_closing_stops_invitations(world: World) -> None:
    coordinator = world.staff()
    poll_id = start_poll(coordinator)
    closed = coordinator.post(f"/book/manage/polls/{poll_id}/close")
    assert closed.status_code == 302
    shown = coordinator.get(closed.headers["Location"]).get_data(as_text=True)
    assert "The poll is closed" in shown and "Send the invitations" not in shown
    [ann] = recruited(world, person("Ann Jones"))
    late = coordinator.post(f"/book/manage/polls/{poll_id}/invitations", data={"people": ann})
    assert late.status_code == 409 and "This poll has closed" in late.get_data(as_text=True)
    assert coordinator.post(f"/book/manage/polls/{uuid.uuid4()}/close").status_code == 404


def test_a_time_becomes_a_session_once(world: World) -> None:
    coordinator = world.staff()
    poll_id = start_poll(coordinator)
    world.published()
    action = f"/book/manage/polls/{poll_id}/times/2/session"
    made = coordinator.post(action, data={"capacity-2": "8", "access-2": ["step_free"]})
    assert made.status_code == 302 and "done=scheduled" in made.headers["Location"]
    [(kind, data)] = world.published()
    assert kind == "SlotPublished" and data["capacity"] == 8
    option = coordinator.get(f"/api/scheduling/polls/{poll_id}").get_json()["options"][1]
    session_id = option["session_id"]
    details = coordinator.get(f"/api/scheduling/sessions/{session_id}").get_json()
    assert details["access_features"] == ["step_free"] and details["activity_id"] == ACTIVITY
    shown = coordinator.get(made.headers["Location"]).get_data(as_text=True)
    assert f"/book/manage/sessions/{session_id}" in shown
    assert "the time is now a session people can book" in shown

    twice = coordinator.post(action, data={"capacity-2": "8"})  # a second click
    assert twice.status_code == 409 and "already a session" in twice.get_data(as_text=True)
    assert count(world, sessions) == 1 and world.published() == []
    api_twice = coordinator.post(
        f"/api/scheduling/polls/{poll_id}/sessions", json={"options": [2], "capacity": 8}
    )
    assert api_twice.status_code == 409


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({}, "Enter how many places to offer."),
        ({"capacity-1": "eight"}, "Enter the places as a number, like 8."),
        ({"capacity-1": "0"}, "Offer from 1 to 500 places."),
        ({"capacity-1": "8", "access-1": ["a moat"]}, "Choose from the list."),
    ],
)
def test_bad_places_change_nothing(world: World, data: dict[str, Any], words: str) -> None:
    coordinator = world.staff()
    poll_id = start_poll(coordinator)
    refused = coordinator.post(f"/book/manage/polls/{poll_id}/times/1/session", data=data)
    assert refused.status_code == 400 and words in refused.get_data(as_text=True)
    assert count(world, sessions) == 0


def test_a_time_that_has_passed_or_does_not_exist(
    world: World,
) -> None:
    coordinator = world.staff()
    poll_id = start_poll(coordinator)
    missing = coordinator.post(
        f"/book/manage/polls/{poll_id}/times/7/session", data={"capacity-7": "8"}
    )
    assert missing.status_code == 404
    world.clock.set(datetime(NEXT_YEAR + 1, 1, 1, tzinfo=UTC))
    late = coordinator.post(
        f"/book/manage/polls/{poll_id}/times/1/session", data={"capacity-1": "8"}
    )
    assert late.status_code == 422 and "This time has passed" in late.get_data(as_text=True)
    assert count(world, sessions) == 0


def test_every_form_needs_its_csrf_token(world: World) -> None:
    coordinator = world.staff()
    poll_id = start_poll(coordinator)
    world.app.config["WTF_CSRF_ENABLED"] = True
    assert coordinator.post("/book/manage/polls/new", data=form()).status_code == 400
    assert coordinator.post(f"/book/manage/polls/{poll_id}/close").status_code == 400
    page = coordinator.get(f"/book/manage/polls/{poll_id}").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    closed = coordinator.post(f"/book/manage/polls/{poll_id}/close", data={"csrf_token": token})
    assert closed.status_code == 302


def test_the_pages_are_in_welsh_too(world: World) -> None:
    coordinator = world.staff()
    poll_id = start_poll(coordinator)
    [ann] = recruited(world, person())
    coordinator.post(f"/book/manage/polls/{poll_id}/invitations", data={"people": ann})
    world.needs(ann, "step_free")
    world.text(ann, "1")
    shown = coordinator.get(f"/book/manage/polls/{poll_id}?lang=cy").get_data(as_text=True)
    assert "Arolygon argaeledd" in coordinator.get("/book/manage/polls?lang=cy").get_data(
        as_text=True
    )
    assert "angen mynediad heb risiau" in shown
    assert "Wedi\u2019u holi\u2019n barod" in shown  # ann, asked already
    recruited(world, person("Bo Evans"))
    ticking = coordinator.get(f"/book/manage/polls/{poll_id}?lang=cy").get_data(as_text=True)
    assert "Pwy i\u2019w holi" in ticking and "Bo Evans" in ticking
    nobody = coordinator.post(f"/book/manage/polls/{poll_id}/invitations?lang=cy", data={})
    assert "Dewiswch o leiaf un person i\u2019w holi." in nobody.get_data(as_text=True)
    refused = coordinator.post("/book/manage/polls/new?lang=cy", data=form(title=""))
    assert "Rhowch deitl y gweithgaredd." in refused.get_data(as_text=True)
