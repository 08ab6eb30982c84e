"""Staff of one organisation, given ids that belong to another, get exactly what an unknown id
gets (404, never 403, which would confirm the id exists) and change nothing, on every staff
route of recruitment that takes an activity, a staff account or a channel code. The routes
come from the app's own URL map, so a new route is covered the day it is added."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select

from services.recruitment.activities.service_layer import activities
from services.recruitment.adapters.orm import activities as activity_rows
from services.recruitment.adapters.orm import staff as staff_rows
from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from services.recruitment.bootstrap import bootstrap
from services.recruitment.config import load_settings
from services.recruitment.entrypoints.app import create_app
from services.recruitment.organisations.commands import CreateOrganisation
from services.recruitment.organisations.domain.organisation import Details
from services.recruitment.organisations.service_layer import organisations
from services.recruitment.outcomes.commands import RecordOutcome
from services.recruitment.outcomes.domain.outcome import OutcomeWords
from services.recruitment.outcomes.service_layer import outcomes
from services.recruitment.staff.adapters.passwords import Argon2Passwords
from services.recruitment.staff.service_layer.staff import create_staff
from shared.bus.tables import outbox
from shared.db import make_session_factory
from shared.tenancy import enter_organisation, leave_organisation
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.organisation_matrix import fill, staff_routes
from tests.support import migrated_engine

ARGUMENTS = {"activity_id", "staff_id", "code", "outcome_id"}
EVERY_ROLE = {"admin", "coordinator", "finance_approver"}
DESCRIPTION = activities.DescribeActivity(
    "Their activity", "Why it matters to them", "survey", ["online"], {}, {}
)


@pytest.fixture
def world(tmp_path: Path) -> tuple[Flask, Engine, dict[str, str]]:
    engine = migrated_engine("recruitment", tmp_path)
    app = create_app(bootstrap(settings=load_settings(), engine=engine))
    app.config["WTF_CSRF_ENABLED"] = False  # the checks under test come after CSRF's
    uows = lambda: RecruitmentUnitOfWork(make_session_factory(engine))  # noqa: E731
    theirs = organisations.create(
        CreateOrganisation(Details("Their trust", "THEIRS", "0113 496 0002"), None), uows(), None
    )
    password = "a long enough password"
    mine = create_staff(
        "me@example.org", "Me", password, EVERY_ROLE, None, uows(), Argon2Passwords()
    )
    enter_organisation(theirs)  # as their coordinator would, signed in there
    try:
        activity = activities.create_activity(DESCRIPTION, None, uows())
        activities.add_channel(activity, "sms", "THEIRCODE", None, uows())
        words = OutcomeWords("Their outcome", "", "changed", "", datetime.now(UTC).date())
        outcome = outcomes.record(RecordOutcome(activity, words, None), uows())
        colleague = create_staff(
            "them@example.org", "Them", password, {"coordinator"}, None, uows(), Argon2Passwords()
        )
    finally:
        leave_organisation()
    ids = {
        "activity_id": activity,
        "staff_id": colleague,
        "code": "THEIRCODE",
        "outcome_id": outcome,
        "me": mine,
    }
    return app, engine, ids


def signed_in_at_home(app: Flask, staff_id: str) -> FlaskClient:
    client = app.test_client()
    with client.session_transaction() as session:
        session["staff"] = {
            "id": staff_id,
            "name": "Me",
            "roles": sorted(EVERY_ROLE),
            "organisation_id": FIRST_ORGANISATION_ID,
            "issued_at": datetime.now(UTC).isoformat(),
        }
    return client


def snapshot(engine: Engine) -> tuple[object, ...]:
    with engine.connect() as conn:
        return (
            conn.execute(select(activity_rows.c.title, activity_rows.c.status)).all(),
            conn.execute(select(staff_rows.c.display_name, staff_rows.c.memberships)).all(),
            conn.execute(select(func.count()).select_from(outbox)).scalar_one(),
        )


def test_the_matrix_covers_the_staff_routes_that_take_ids(world) -> None:  # type: ignore[no-untyped-def]
    app, _, _ = world
    rules = {rule for _, rule in staff_routes(app, ARGUMENTS)}
    assert "/api/recruitment/activities/<activity_id>" in rules
    assert "/staff/accounts/<staff_id>" in rules
    assert "/join/manage/activities/<activity_id>/reach" in rules
    assert "/join/manage/activities/<activity_id>/outcomes/<outcome_id>/publish" in rules
    assert len(rules) >= 15


def test_another_organisations_ids_are_not_found_and_nothing_changes(world) -> None:  # type: ignore[no-untyped-def]
    app, engine, ids = world
    client = signed_in_at_home(app, ids["me"])
    unknown = {
        "activity_id": str(uuid.uuid4()),
        "staff_id": str(uuid.uuid4()),
        "code": "NOSUCH",
        "outcome_id": str(uuid.uuid4()),
    }
    before = snapshot(engine)
    answered = {}
    for method, rule in staff_routes(app, ARGUMENTS):
        body = {"json": {}} if rule.startswith("/api/") else {"data": {}}
        theirs = client.open(fill(rule, ids), method=method, **body).status_code
        nobody = client.open(fill(rule, {**ids, **unknown}), method=method, **body).status_code
        answered[(method, rule)] = (theirs, nobody)
    leaked = {route: codes for route, codes in answered.items() if codes[0] != codes[1]}
    assert not leaked, f"another organisation's ids answered unlike unknown ones: {leaked}"
    found = {route: codes for route, codes in answered.items() if codes[0] < 400 or codes[0] == 403}
    assert not found, f"another organisation's ids were served: {found}"
    gets = {route: codes for route, codes in answered.items() if route[0] == "GET"}
    assert {codes[0] for codes in gets.values()} == {404}, gets
    assert snapshot(engine) == before


def test_lists_hold_only_ones_own_organisations_activities(world) -> None:  # type: ignore[no-untyped-def]
    app, _, ids = world
    client = signed_in_at_home(app, ids["me"])
    made = client.post(
        "/api/recruitment/activities",
        json={
            "title": "Ours",
            "purpose": "Why it matters",
            "approach": "survey",
            "formats": ["online"],
        },
    )
    assert made.status_code == 201, made.get_json()
    listed = client.get("/api/recruitment/activities").get_json()
    assert [a["title"] for a in listed] == ["Ours"]
    assert "Their activity" not in client.get("/join/manage").get_data(as_text=True)
