"""Coordinators' session pages (/book/manage/sessions/new and …/times/new) on SQLite with the
Flask test client: who gets in, a session with many times written the UK way (kept in UTC
across the last Sundays of March and October), every refusal with its reason beside the field
and nothing stored, and more times for a session. The pages' clock is the bus's, which World
sets."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from services.scheduling.adapters.tables.sessions import sessions, slots
from services.scheduling.sessions.entrypoints.uk_forms import london
from tests.scheduling.integration.test_scheduling_polls import World

ACTIVITY = str(uuid.uuid4())
NEXT_YEAR = datetime.now(UTC).year + 1


def last_sunday(month: int) -> int:
    return max(d for d in range(25, 32) if datetime(NEXT_YEAR, month, d).weekday() == 6)


MARCH, OCTOBER = last_sunday(3), last_sunday(10)


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


def form(**fields: Any) -> dict[str, Any]:
    return {
        "activity_id": ACTIVITY,
        "title": "Making GP appointments easier",
        "format": "in_person",
        "location": "Central Library, Calverley Street, Leeds LS1 3AB",
        "directions": "Enter by the side door on Park Lane",
        "access_features": ["step_free", "hearing_loop"],
        "times": f"3/12/{NEXT_YEAR} 10:30 to 12:00\n4/12/{NEXT_YEAR} 2:00pm to 3:30pm\n",
        "capacity": "8",
        **fields,
    }


def create(coordinator: FlaskClient, **fields: Any) -> str:
    made = coordinator.post("/book/manage/sessions/new", data=form(**fields))
    assert made.status_code == 302, made.get_data(as_text=True)
    assert made.headers["Location"].endswith("?done=created")
    return str(made.headers["Location"].split("/")[-1].split("?")[0])


def count(world: World, table: Any) -> int:
    with world.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_only_coordinators_and_admins_get_in(world: World) -> None:
    anonymous = world.app.test_client().get("/book/manage/sessions/new")
    assert anonymous.status_code == 302 and "/staff/sign-in" in anonymous.headers["Location"]
    finance = world.staff(["finance"])
    assert finance.get("/book/manage/sessions/new").status_code == 403
    assert finance.post("/book/manage/sessions/new", data=form()).status_code == 403
    session_id = create(world.staff(["admin"]))
    assert finance.get(f"/book/manage/sessions/{session_id}/times/new").status_code == 403
    assert count(world, sessions) == 1
    listed = world.staff().get("/book/manage").get_data(as_text=True)
    assert 'href="/book/manage/sessions/new"' in listed


def test_the_activity_page_link_fills_in_the_activity(world: World) -> None:
    title = "Pharmacy hours & you"
    page = world.staff().get(
        f"/book/manage/sessions/new?activity_id={ACTIVITY}&title={quote(title)}"
    )
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and f'value="{ACTIVITY}"' in text
    assert 'value="Pharmacy hours &amp; you"' in text


def test_a_session_with_times_across_the_clock_changes(world: World) -> None:
    coordinator = world.staff()
    times = "\n".join(
        [
            f"{MARCH - 1}/3/{NEXT_YEAR} 10:00 to 11:00",  # Saturday: GMT
            f"{MARCH}/3/{NEXT_YEAR} 10:00am to 11:00am",  # Sunday, after 1am: BST
            f"{OCTOBER - 1}/10/{NEXT_YEAR} 6:30pm to 8:00pm",  # Saturday: BST
            f"{OCTOBER}/10/{NEXT_YEAR} 18.30 to 20.00",  # Sunday, after 2am: GMT again
        ]
    )
    session_id = create(
        coordinator,
        times=times,
        capacity="12",
        min_group_size="4",
        decide_hours="72",
        opens_days="14",
        cancel_hours="24",
    )
    details = coordinator.get(f"/api/scheduling/sessions/{session_id}").get_json()
    assert details["activity_id"] == ACTIVITY and details["format"] == "in_person"
    assert details["access_features"] == ["hearing_loop", "step_free"]
    assert details["directions"] == "Enter by the side door on Park Lane"
    starts = [slot["starts_at"] for slot in details["slots"]]
    assert starts == [
        f"{NEXT_YEAR}-03-{MARCH - 1:02d}T10:00:00+00:00",
        f"{NEXT_YEAR}-03-{MARCH:02d}T09:00:00+00:00",
        f"{NEXT_YEAR}-10-{OCTOBER - 1:02d}T17:30:00+00:00",
        f"{NEXT_YEAR}-10-{OCTOBER:02d}T18:30:00+00:00",
    ]
    march = details["slots"][1]
    assert march["capacity"] == 12 and march["min_group_size"] == 4
    # Hours are hours; days are UK calendar days, so booking opens at 10am UK time (GMT then).
    assert march["decision_at"] == f"{NEXT_YEAR}-03-{MARCH - 3:02d}T09:00:00+00:00"
    assert march["cancel_by"] == f"{NEXT_YEAR}-03-{MARCH - 1:02d}T09:00:00+00:00"
    assert march["booking_opens_at"] == f"{NEXT_YEAR}-03-{MARCH - 14:02d}T10:00:00+00:00"
    assert march["booking_closes_at"] == march["starts_at"]
    published = world.published()
    assert [kind for kind, _ in published] == ["SlotPublished"] * 4

    shown = coordinator.get(f"/book/manage/sessions/{session_id}?done=created").get_data(
        as_text=True
    )
    assert "The session is created." in shown and "Central Library" in shown
    assert f"Sunday {MARCH} March, 10:00am" in shown
    assert "Add more times" in shown


def test_an_online_session_keeps_its_link(world: World) -> None:
    coordinator = world.staff()
    session_id = create(
        coordinator, format="online", location="", joining_url="https://meet.example.org/gp"
    )
    details = coordinator.get(f"/api/scheduling/sessions/{session_id}").get_json()
    assert details["joining_url"] == "https://meet.example.org/gp" and details["location"] is None


@pytest.mark.parametrize(
    ("fields", "field", "words", "status"),
    [
        ({"times": ""}, "times", "Enter the times people can book.", 400),
        ({"times": "next Tuesday"}, "times", "This one is not: next Tuesday", 400),
        ({"times": f"{MARCH}/3/{NEXT_YEAR} 1:30 to 3:00"}, "times", "This one is not", 400),
        (
            {
                "times": "\n".join(
                    f"{d}/{m}/2099 10:00 to 11:00" for d in range(1, 29) for m in (1, 2)
                )
            },
            "times",
            "between 1 and 50",
            400,
        ),
        (
            {"times": "1/12/2099 10:00 to 11:00\n1/12/2099 10:00am to 11:00am"},
            "times",
            "repeated: 1/12/2099 10:00am",
            400,
        ),
        (
            {"times": "1/1/2020 10:00 to 11:00"},
            "times",
            "still to come. This one is not: 1/1/2020",
            422,
        ),
        (
            {"times": f"1/12/{NEXT_YEAR} 9:00 to 10:00\n1/12/{NEXT_YEAR} 11:00 to 10:00"},
            "times",
            f"This one does not: 1/12/{NEXT_YEAR} 11:00 to 10:00",
            422,
        ),
        ({"capacity": "0"}, "capacity", "Offer from 1 to 500 places.", 400),
        ({"capacity": "100000"}, "capacity", "Offer from 1 to 500 places.", 400),
        ({"capacity": "eight"}, "capacity", "Enter the places as a number, like 8.", 400),
        ({"capacity": ""}, "capacity", "Enter how many places to offer at each time.", 400),
        (
            {"joining_url": "not a link", "format": "online"},
            "joining_url",
            "starts with https://",
            400,
        ),
        ({"joining_url": "http://meet.example.org"}, "joining_url", "starts with https://", 400),
        (
            {"format": "online", "location": ""},
            "joining_url",
            "link people use to join online",
            422,
        ),
        ({"format": "hybrid", "joining_url": "https://meet.example.org"}, "location", "", 0),
        ({"location": ""}, "location", "Enter the venue's name and address.", 422),
        ({"activity_id": ""}, "activity_id", "Enter the activity's reference number.", 400),
        ({"activity_id": "42"}, "activity_id", "as it is shown", 400),
        ({"title": " "}, "title", "Enter the activity's title.", 400),
        ({"format": "by pigeon"}, "format", "Choose online, in person or hybrid.", 400),
        ({"access_features": ["a moat"]}, "access_features", "Choose from the list.", 400),
        ({"directions": "x" * 501}, "directions", "500 characters", 400),
        ({"min_group_size": "9"}, "min_group_size", "cannot be more than the places", 400),
        ({"min_group_size": "four"}, "min_group_size", "like 4", 400),
        ({"decide_hours": "48"}, "decide_hours", "Enter a minimum group size", 400),
        ({"opens_days": "0"}, "opens_days", "from 1 to 365 days", 400),
        ({"cancel_hours": "-1"}, "cancel_hours", "from 0 to 720 hours", 400),
    ],
)
def test_a_bad_session_is_refused_with_the_reason_and_nothing_is_made(
    world: World, fields: dict[str, Any], field: str, words: str, status: int
) -> None:
    refused = world.staff().post("/book/manage/sessions/new", data=form(**fields))
    if status == 0:  # hybrid: a venue and a link are both fine
        assert refused.status_code == 302
        return
    assert refused.status_code == status
    text = refused.get_data(as_text=True).replace("&#39;", "'")
    assert "There is a problem" in text and f'href="#{field}"' in text and words in text
    assert f'id="{field}-error"' in text
    assert count(world, sessions) == 0 and count(world, slots) == 0
    assert world.published() == []


def test_more_times_for_a_session(world: World) -> None:
    coordinator = world.staff()
    session_id = create(coordinator)
    world.published()
    page = f"/book/manage/sessions/{session_id}/times/new"
    shown = coordinator.get(page).get_data(as_text=True)
    assert "Making GP appointments easier" in shown and "3 December, 10:30am" in shown
    added = coordinator.post(
        page, data={"times": f"10/12/{NEXT_YEAR} 10:30 to 12:00", "capacity": "6"}
    )
    assert added.status_code == 302 and added.headers["Location"].endswith("?done=times")
    assert [kind for kind, _ in world.published()] == ["SlotPublished"]
    details = coordinator.get(f"/api/scheduling/sessions/{session_id}").get_json()
    assert [s["capacity"] for s in details["slots"]] == [8, 8, 6]
    done = coordinator.get(added.headers["Location"]).get_data(as_text=True)
    assert "The new times are added below" in done


@pytest.mark.parametrize(
    ("data", "words", "status"),
    [
        ({"times": "", "capacity": "6"}, "Enter the times people can book.", 400),
        (
            {"times": f"3/12/{NEXT_YEAR} 10:30 to 12:00", "capacity": "6"},
            "already has this time",
            422,
        ),
        ({"times": "1/1/2020 10:00 to 11:00", "capacity": "6"}, "still to come", 422),
        (
            {"times": f"10/12/{NEXT_YEAR} 10:30 to 12:00", "capacity": "0"},
            "Offer from 1 to 500",
            400,
        ),
    ],
)
def test_bad_extra_times_change_nothing(
    world: World, data: dict[str, str], words: str, status: int
) -> None:
    coordinator = world.staff()
    session_id = create(coordinator)
    world.published()
    refused = coordinator.post(f"/book/manage/sessions/{session_id}/times/new", data=data)
    assert refused.status_code == status and words in refused.get_data(as_text=True)
    assert count(world, slots) == 2 and world.published() == []


def test_no_times_for_a_cancelled_or_missing_session(world: World) -> None:
    coordinator = world.staff()
    session_id = create(coordinator)
    assert coordinator.post(f"/book/manage/sessions/{session_id}/cancel").status_code == 302
    world.published()
    page = f"/book/manage/sessions/{session_id}/times/new"
    assert "has been cancelled" in coordinator.get(page).get_data(as_text=True)
    late = coordinator.post(
        page, data={"times": f"10/12/{NEXT_YEAR} 10:30 to 12:00", "capacity": "6"}
    )
    assert late.status_code == 409 and count(world, slots) == 2 and world.published() == []
    missing = f"/book/manage/sessions/{uuid.uuid4()}/times/new"
    assert coordinator.get(missing).status_code == 404


def test_a_time_that_passed_while_the_form_was_open(
    world: World,
) -> None:
    world.clock.set(london(NEXT_YEAR, 12, 3, 11, 0))
    refused = world.staff().post("/book/manage/sessions/new", data=form())
    assert refused.status_code == 422
    assert f"This one is not: 3/12/{NEXT_YEAR} 10:30 to 12:00" in refused.get_data(as_text=True)
    assert count(world, sessions) == 0


def test_the_form_needs_its_csrf_token(world: World) -> None:
    coordinator = world.staff()
    world.app.config["WTF_CSRF_ENABLED"] = True
    assert coordinator.post("/book/manage/sessions/new", data=form()).status_code == 400
    page = coordinator.get("/book/manage/sessions/new").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    made = coordinator.post("/book/manage/sessions/new", data=form(csrf_token=token))
    assert made.status_code == 302 and count(world, sessions) == 1


def test_the_pages_are_in_welsh_too(world: World) -> None:
    coordinator = world.staff()
    assert "Creu sesiwn" in coordinator.get("/book/manage/sessions/new?lang=cy").get_data(
        as_text=True
    )
    refused = coordinator.post("/book/manage/sessions/new?lang=cy", data=form(capacity="0"))
    assert "Cynigiwch rhwng 1 a 500 o leoedd." in refused.get_data(as_text=True)
