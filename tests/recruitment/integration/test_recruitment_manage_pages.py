"""Coordinators' pages (/join/manage) on SQLite with the Flask test client: draft an activity from
the form (bad input named next to its field, nothing stored), open it, add a way in, filter who
is interested, shortlist and invite in waves."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select

from services.recruitment.adapters.orm import activities, invitations
from tests.recruitment.integration.test_recruitment_activities import (
    PERSON,
    app,
    coordinator,
    engine,
)
from tests.support import staff_client

__all__ = ["app", "coordinator", "engine"]  # fixtures used below
FORM = {
    "title": "Better hospital letters",
    "purpose": "Help us write letters people understand.",
    "approach": "workshop",
    "formats": ["in_person", "online"],
    "places": "LS7, LS8",
    "age_bands": ["65-74"],
    "tags": "Diabetes, carers",
    "targets": "place:LS7 = 10\nage:65-74 = 5",
    "rate": "£25.50",
    "rate_unit": "hour",
    "expenses_covered": "yes",
}


def create(coordinator: FlaskClient, **changes: object) -> str:
    answer = coordinator.post("/join/manage/new", data={**FORM, **changes})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return answer.headers["Location"].rsplit("/", 1)[1]


def test_a_coordinator_drafts_an_activity_from_the_form(
    coordinator: FlaskClient, engine: Engine
) -> None:
    activity_id = create(coordinator)
    with engine.connect() as conn:
        row = conn.execute(select(activities)).one()
    assert row.audience["targets"] == {"place:LS7": 10, "age:65-74": 5}
    assert row.audience["tags"] == ["diabetes", "carers"]
    assert row.offer["rate_pence"] == 2550 and row.offer["expenses_covered"] is True
    page = coordinator.get(f"/join/manage/activities/{activity_id}").get_data(as_text=True)
    assert "Draft" in page and "£25.50" in page
    assert "Better hospital letters" in coordinator.get("/join/manage").get_data(as_text=True)


def test_bad_answers_are_named_next_to_their_field_and_nothing_is_stored(
    coordinator: FlaskClient, engine: Engine
) -> None:
    for changes, message in [
        ({"title": ""}, "Enter a title."),
        ({"formats": []}, "Choose at least one format."),
        ({"rate": "lots"}, "Enter an amount like 25 or 25.00."),
        ({"targets": "LS7 ten"}, "Write each target on its own line, like place:LS7 = 10."),
        ({"targets": "postcode:LS7 = 3"}, "is not a group"),
    ]:
        answer = coordinator.post("/join/manage/new", data={**FORM, **changes})
        assert answer.status_code == 400, changes
        assert message in answer.get_data(as_text=True), changes
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(activities)).scalar_one() == 0


def test_open_add_a_way_in_filter_shortlist_and_invite(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    activity_id = create(coordinator)
    base = f"/join/manage/activities/{activity_id}"
    coordinator.post(f"{base}/status", data={"status": "open"})
    coordinator.post(f"{base}/channels", data={"kind": "qr_poster", "code": "lib 1"})
    taken = coordinator.post(
        f"{base}/channels", data={"kind": "sms", "code": "LIB1"}, follow_redirects=True
    )
    assert "The code LIB1 is taken" in taken.get_data(as_text=True)
    for name, phone, postcode in [
        ("Ann", "07911 123450", "LS7 3EX"),
        ("Bea", "07911 123451", "LS8 1AB"),
    ]:
        data = {**PERSON, "preferred_name": name, "phone": phone, "postcode": postcode}
        assert app.test_client().post("/join/LIB1", data=data).status_code == 200
    page = coordinator.get(f"{base}?district=LS7").get_data(as_text=True)
    assert "Ann" in page and "Bea" not in page and "QR poster" in page
    everyone = coordinator.get(base).get_data(as_text=True)
    # The ways on to scheduling start from here, the activity filled in: times, or a panel.
    assert f"/book/manage/panels/new?activity_id={activity_id}&amp;title=" in everyone
    assert "Start a panel" in everyone and activity_id in everyone  # its reference, shown
    ids = [
        part.split('"')[0]
        for part in everyone.split('name="participant_id" type="checkbox" value="')[1:]
    ]
    assert len(ids) == 2
    done = coordinator.post(
        f"{base}/people",
        data={"participant_id": ids[:1], "action": "shortlist"},
        follow_redirects=True,
    )
    assert "1 shortlisted." in done.get_data(as_text=True)
    invited = coordinator.post(
        f"{base}/people",
        data={"participant_id": ids, "action": "invite", "wave_size": "1", "minutes_apart": "30"},
        follow_redirects=True,
    )
    assert "2 invitations planned in 2 waves." in invited.get_data(as_text=True)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(invitations)).scalar_one() == 2


def test_only_coordinators_and_admins_see_the_manage_pages(app: Flask) -> None:
    assert app.test_client().get("/join/manage").status_code == 302  # to sign in
    assert staff_client(app, ["finance_approver"]).get("/join/manage").status_code == 403
    assert staff_client(app, ["admin"]).get("/join/manage").status_code == 200
