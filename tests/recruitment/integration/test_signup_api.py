"""The sign-up API against a real (SQLite) database: good input is stored with its events in the
outbox; bad input gets a 400/422 naming each field, and writes nothing at all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select

from services.recruitment.adapters.orm import participants
from services.recruitment.bootstrap import bootstrap
from services.recruitment.config import load_settings
from services.recruitment.entrypoints.app import create_app
from shared.bus.tables import outbox
from shared.send_limits import PER_RECIPIENT
from tests.support import migrated_engine

URL = "/api/recruitment/participants"
GOOD = {
    "preferred_name": "Ann",
    "phone": "07911 123456",
    "email": "Ann@Example.com",
    "preferred_channel": "sms",
    "consent": True,
    "consent_version": "2026-11",
}


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return migrated_engine("recruitment", tmp_path)


@pytest.fixture
def client(engine: Engine) -> FlaskClient:
    return create_app(bootstrap(settings=load_settings(), engine=engine)).test_client()


# The migrations' own announcement of the first organisation is not about anyone.
ABOUT_PEOPLE = outbox.c.topic != "recruitment.organisation"


def rows(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        people = conn.execute(select(func.count()).select_from(participants)).scalar_one()
        events = conn.execute(select(func.count()).where(ABOUT_PEOPLE)).scalar_one()
    return people, events


def test_sign_up_stores_the_participant_and_both_events(
    client: FlaskClient, engine: Engine
) -> None:
    response = client.post(URL, json=GOOD)
    assert response.status_code == 201, response.json
    participant_id = response.json["participant_id"]
    with engine.connect() as conn:
        person = conn.execute(select(participants)).one()
        staged = conn.execute(
            select(outbox.c.topic, outbox.c.key, outbox.c.payload)
            .where(ABOUT_PEOPLE)
            .order_by(outbox.c.id)
        ).all()
    assert (person.phone, person.email) == ("+447911123456", "ann@example.com")
    assert [(t, k) for t, k, _ in staged] == [
        ("recruitment.participant", participant_id),
        ("recruitment.contact", participant_id),
    ]
    public = json.loads(staged[0].payload)["data"]
    assert "+447911123456" not in staged[0].payload and "Ann" not in staged[0].payload
    assert public["participant_id"] == participant_id
    assert json.loads(staged[1].payload)["data"]["phone"] == "+447911123456"


def test_known_and_new_people_get_the_same_answer_and_the_known_one_a_link_of_their_own(
    client: FlaskClient, engine: Engine
) -> None:
    first = client.post(URL, json=GOOD)
    again = client.post(URL, json={**GOOD, "email": None, "phone": "+44 7911 123456"})
    # Same status, same shape: nothing tells the caller these details were known.
    assert (again.status_code, sorted(again.json)) == (first.status_code, sorted(first.json))
    assert again.json["participant_id"] != first.json["participant_id"]
    assert rows(engine) == (1, 3)  # no second person; one more event: a link for the first
    with engine.connect() as conn:
        last = conn.execute(select(outbox.c.event_type, outbox.c.key, outbox.c.payload)).all()[-1]
    assert (last.event_type, last.key) == ("MagicLinkIssued", first.json["participant_id"])
    assert json.loads(last.payload)["data"]["channel"] == "sms"  # their own preferred channel
    # However often someone tries, their phone gets at most PER_RECIPIENT links.
    for _ in range(5):
        assert client.post(URL, json={**GOOD, "email": None}).status_code == 201
    assert rows(engine) == (1, 2 + PER_RECIPIENT.most)


def test_malformed_json_gets_400_and_writes_nothing(client: FlaskClient, engine: Engine) -> None:
    response = client.post(URL, data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json["errors"]["json"]
    assert rows(engine) == (0, 0)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"preferred_name": None}, "preferred_name", "Field may not be null."),
        ({"preferred_name": "   "}, "preferred_name", "Enter a name."),
        ({"phone": "020 7946 0000"}, "phone", "Enter a mobile number that can get texts"),
        ({"phone": "12345"}, "phone", "Enter a UK mobile number"),
        ({"phone": "+33 6 12 34 56 78"}, "phone", "Enter a UK mobile number"),
        ({"email": "not-an-email"}, "email", "Enter an email address"),
        ({"preferred_channel": "pigeon"}, "preferred_channel", "Must be one of"),
        ({"consent": False}, "consent", "You need to agree"),
        ({"phone": None, "email": None}, "phone", "Give a mobile number or an email address"),
        ({"phone": None}, "phone", "Give a mobile number if you want texts"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    client: FlaskClient, engine: Engine, change: dict[str, Any], field: str, message: str
) -> None:
    response = client.post(URL, json={**GOOD, **change})
    assert response.status_code == 422, response.json
    errors = response.json["errors"]["json"]
    assert any(message in text for text in errors[field]), errors
    assert rows(engine) == (0, 0)


@pytest.mark.parametrize(
    "missing", ["preferred_name", "preferred_channel", "consent", "consent_version"]
)
def test_missing_fields_are_named(client: FlaskClient, engine: Engine, missing: str) -> None:
    body = {k: v for k, v in GOOD.items() if k != missing}
    response = client.post(URL, json=body)
    assert response.status_code == 422
    assert response.json["errors"]["json"][missing] == ["Missing data for required field."]
    assert rows(engine) == (0, 0)


def test_openapi_and_health_are_published(client: FlaskClient) -> None:
    spec = client.get("/openapi.json").json
    assert URL in spec["paths"]
    assert client.get("/health/live").json == {"status": "ok"}
