"""Activities and sign-ups on a real (SQLite) database: a coordinator drafts an activity, adds
channels and opens it; people sign up on its page or through a channel's code, or a coordinator
enters them. Bad input gets a clear message and stores nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select

from services.recruitment.adapters.orm import (
    consent_records,
    expressions_of_interest,
    participants,
)
from services.recruitment.bootstrap import bootstrap
from services.recruitment.config import load_settings
from services.recruitment.entrypoints.app import create_app
from shared.bus.tables import outbox
from tests.support import migrated_engine, staff_client

ACTIVITY = {
    "title": "Making GP appointments easier",
    "purpose": "Tell us what makes booking a GP appointment hard, so we can fix it.",
    "approach": "focus_group",
    "formats": ["in_person", "online"],
    "audience": {"places": ["LS7"], "tags": ["diabetes"], "targets": {"place:LS7": 10}},
    "offer": {"rate_pence": 2500, "rate_unit": "hour", "recognition": "A certificate"},
}
PERSON = {
    "preferred_name": "Ann",
    "phone": "07911 123456",
    "preferred_channel": "sms",
    "postcode": " ls7 3ex",
    "support_needs": ["step_free", "carer"],
    "availability": "weekday_morning",
    "consent": "yes",
}


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return migrated_engine("recruitment", tmp_path)


@pytest.fixture
def app(engine: Engine) -> Flask:
    app = create_app(bootstrap(settings=load_settings(), engine=engine))
    app.config["WTF_CSRF_ENABLED"] = False  # CSRF has its own test below
    return app


def as_participant(app: Flask, participant_id: str) -> FlaskClient:
    """A client signed in as the participant, as their magic link would leave it."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["participant"] = {"id": participant_id, "issued_at": datetime.now(UTC).isoformat()}
    return client


@pytest.fixture
def coordinator(app: Flask) -> FlaskClient:
    return staff_client(app, ["coordinator"])


def open_activity(coordinator: FlaskClient, codes: str = "demo AGEUK", **changes: Any) -> str:
    created = coordinator.post("/api/recruitment/activities", json={**ACTIVITY, **changes})
    assert created.status_code == 201, created.get_json()
    activity_id = created.get_json()["id"]
    sms, partner = codes.split()
    channels = [
        {"kind": "sms", "code": sms},
        {"kind": "partner_link", "code": partner, "partner": "Age UK Leeds"},
    ]
    for channel in channels:
        added = coordinator.post(
            f"/api/recruitment/activities/{activity_id}/channels", json=channel
        )
        assert added.status_code == 201, added.get_json()
    opened = coordinator.post(
        f"/api/recruitment/activities/{activity_id}/status", json={"status": "open"}
    )
    assert opened.get_json()["status"] == "open"
    return activity_id


# The outbox's events about people (an activity's ActivityPublished and the migrations'
# OrganisationChanged are not about anyone).
NOT_ABOUT_PEOPLE = ["recruitment.activity", "recruitment.organisation"]
people_events = outbox.select().where(outbox.c.topic.not_in(NOT_ABOUT_PEOPLE)).subquery()


def counts(engine: Engine) -> tuple[int, int, int, int]:
    with engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (participants, expressions_of_interest, consent_records, people_events)
        )


def test_a_coordinator_drafts_adds_channels_and_opens_an_activity(
    coordinator: FlaskClient,
) -> None:
    activity_id = open_activity(coordinator)
    listed = coordinator.get(f"/api/recruitment/activities/{activity_id}/channels").get_json()
    assert [(c["code"], c["sign_up_url"]) for c in listed] == [
        ("AGEUK", "/join/AGEUK"),
        ("DEMO", "/join/DEMO"),
    ]
    activity = coordinator.get(f"/api/recruitment/activities/{activity_id}").get_json()
    assert activity["offer"]["rate_pence"] == 2500
    assert activity["audience"]["targets"] == {"place:LS7": 10}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("", {**ACTIVITY, "approach": "party"}, "approach"),
        ("", {**ACTIVITY, "audience": {"targets": {"postcode LS7": 3}}}, "targets"),
        ("", {**ACTIVITY, "offer": {"rate_pence": -5}}, "offer"),
        ("/channels", {"kind": "partner_link", "code": "LIB"}, "partner"),
        ("/channels", {"kind": "sms", "code": "D"}, "code"),
        ("/channels", {"kind": "sms", "code": "de mo"}, "code"),  # taken, once normalised
    ],
)
def test_bad_activities_and_channels_are_refused_with_the_field_named(
    coordinator: FlaskClient, path: str, body: dict[str, Any], field: str
) -> None:
    activity_id = open_activity(coordinator)
    url = (
        f"/api/recruitment/activities/{activity_id}{path}"
        if path
        else "/api/recruitment/activities"
    )
    answer = coordinator.post(url, json=body)
    assert answer.status_code == 422
    assert field in json.dumps(answer.get_json()["errors"])


def test_only_coordinators_and_admins_manage_activities_and_csrf_is_checked(app: Flask) -> None:
    assert app.test_client().get("/api/recruitment/activities").status_code == 401
    finance = staff_client(app, ["finance_approver"])
    assert finance.post("/api/recruitment/activities", json=ACTIVITY).status_code == 403
    app.config["WTF_CSRF_ENABLED"] = True
    answer = staff_client(app, ["coordinator"]).post("/api/recruitment/activities", json=ACTIVITY)
    assert answer.status_code == 400  # no X-CSRFToken from a staff page


def test_the_public_page_shows_why_how_and_what_people_get_before_sign_up(
    app: Flask, coordinator: FlaskClient
) -> None:
    open_activity(coordinator)
    page = app.test_client().get("/join/AGEUK").get_data(as_text=True)
    assert "Making GP appointments easier" in page
    assert "We pay £25.00 an hour for your time." in page
    assert "A certificate" in page
    assert "A small group discussion, in person or online." in page


def test_signing_up_through_a_partner_link_records_the_channel_partner_and_consent(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    activity_id = open_activity(coordinator)
    answer = app.test_client().post("/join/ageuk", data=PERSON)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert "We will text you" in answer.get_data(as_text=True)
    with engine.connect() as conn:
        person = conn.execute(select(participants)).one()
        interest = conn.execute(select(expressions_of_interest)).one()
        consent = conn.execute(select(consent_records)).one()
        about_people = outbox.c.topic.not_in(NOT_ABOUT_PEOPLE)
        query = select(outbox.c.event_type, outbox.c.payload).where(about_people)
        staged = conn.execute(query).all()
    assert (person.phone, person.postcode) == ("+447911123456", "LS7 3EX")
    assert person.support_needs == ["carer", "step_free"]
    assert person.health_tags == []
    assert (interest.activity_id, interest.channel_kind, interest.partner) == (
        activity_id,
        "partner_link",
        "Age UK Leeds",
    )
    assert (consent.scope, consent.channel) == ("taking_part", "partner_link")
    types = [t for t, _ in staged]
    assert types == ["ParticipantSignedUp", "ContactDetailsChanged", "ConsentGiven"]
    signed_up = json.loads(staged[0][1])["data"]
    assert (signed_up["activity_id"], signed_up["channel_code"]) == (activity_id, "AGEUK")
    assert "Ann" not in staged[0][1] and "Ann" not in staged[2][1]  # no personal data


def test_health_details_are_kept_only_with_explicit_consent(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    activity_id = open_activity(coordinator)
    with_tags = {**PERSON, "health_tags": "diabetes"}
    refused = app.test_client().post(f"/join/activities/{activity_id}", data=with_tags)
    assert refused.status_code == 400
    assert "Tick the box to let us keep health details" in refused.get_data(as_text=True)
    assert counts(engine) == (0, 0, 0, 0)
    kept = app.test_client().post(
        f"/join/activities/{activity_id}", data={**with_tags, "special_consent": "yes"}
    )
    assert kept.status_code == 200
    with engine.connect() as conn:
        assert conn.execute(select(participants.c.health_tags)).scalar_one() == ["diabetes"]
        scopes = conn.execute(select(consent_records.c.scope)).scalars().all()
    assert sorted(scopes) == ["special_category", "taking_part"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"postcode": "LS7"}, "Enter a full UK postcode, like LS7 3EX."),
        ({"phone": "+1 202 555 0143"}, "Enter a UK mobile number, like 07123 456789."),
        (
            {"phone": "0113 496 0000"},
            "Enter a mobile number that can get texts, like 07123 456789.",
        ),
        ({"preferred_name": "A" * 101}, "Enter a name of 100 characters or fewer."),
        ({"preferred_name": "<b>Ann</b>"}, "Use letters in your name, without &lt; or &gt;."),
        ({"consent": ""}, "Tick the box to say you agree."),
        ({"preferred_channel": "email"}, "Give an email address if you want emails."),
        ({"preferred_name": "  "}, "Enter the name you would like us to use."),
    ],
)
def test_bad_sign_ups_get_a_clear_message_and_store_nothing(
    app: Flask,
    coordinator: FlaskClient,
    engine: Engine,
    changes: dict[str, str],
    message: str,
) -> None:
    open_activity(coordinator)
    answer = app.test_client().post("/join/DEMO", data={**PERSON, **changes})
    assert answer.status_code == 400
    assert message in answer.get_data(as_text=True)
    assert counts(engine) == (0, 0, 0, 0)


def test_unknown_codes_and_drafts_are_not_found_and_closed_activities_take_no_sign_ups(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    public = app.test_client()
    assert public.get("/join/NOSUCH").status_code == 404
    draft = coordinator.post("/api/recruitment/activities", json=ACTIVITY).get_json()["id"]
    assert public.get(f"/join/activities/{draft}").status_code == 404
    activity_id = open_activity(coordinator)
    coordinator.post(f"/api/recruitment/activities/{activity_id}/status", json={"status": "closed"})
    closed = public.post("/join/DEMO", data=PERSON)
    assert "not taking sign-ups" in closed.get_data(as_text=True)
    assert counts(engine) == (0, 0, 0, 0)
    assert "Making GP" not in public.get("/join").get_data(as_text=True)


def test_a_second_sign_up_with_the_same_number_adds_interest_but_changes_nobody(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    open_activity(coordinator)
    other = open_activity(coordinator, "LETTERS LETTERS2", title="Better hospital letters")
    app.test_client().post("/join/DEMO", data=PERSON)
    for _ in range(2):  # a double click is one expression of interest
        app.test_client().post(
            f"/join/activities/{other}", data={**PERSON, "preferred_name": "Someone else"}
        )
    with engine.connect() as conn:
        assert conn.execute(select(participants.c.preferred_name)).scalars().all() == ["Ann"]
    assert counts(engine)[:3] == (1, 2, 1)


def test_a_coordinator_enters_a_sign_up_from_a_paper_form(
    coordinator: FlaskClient, engine: Engine
) -> None:
    activity_id = open_activity(coordinator)
    body = {
        "preferred_name": "Bert",
        "phone": "07911 123457",
        "preferred_channel": "sms",
        "consent": True,
        "profile": {"postcode": "LS7 3EX", "support_needs": ["large_print"]},
    }
    answer = coordinator.post(f"/api/recruitment/activities/{activity_id}/sign-ups", json=body)
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["new_person"] is True
    with engine.connect() as conn:
        interest = conn.execute(select(expressions_of_interest)).one()
        consent = conn.execute(select(consent_records)).one()
    assert (interest.channel_kind, consent.channel) == ("coordinator", "coordinator")
    refused = coordinator.post(
        f"/api/recruitment/activities/{activity_id}/sign-ups",
        json={**body, "phone": "07911 123458", "profile": {"postcode": "nowhere"}},
    )
    assert refused.status_code == 422
    assert "Enter a full UK postcode" in json.dumps(refused.get_json())
