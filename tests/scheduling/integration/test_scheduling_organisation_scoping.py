"""Whose each session and poll is, on SQLite with the Flask test client: ActivityPublished
tells scheduling each activity's organisation (an event without one means the first), a
session or poll takes its activity's organisation (or, for an activity not heard of yet, the
one in scope), another organisation's activity answers as an unknown id does, and the lists
hold only the organisation in scope's rows."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from services.scheduling.adapters.tables.polls import polls
from services.scheduling.adapters.tables.sessions import sessions
from services.scheduling.bootstrap import bootstrap, subscription
from services.scheduling.config import load_settings
from services.scheduling.entrypoints.app import create_app
from services.scheduling.web import bus_of
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.scheduling.integration.test_scheduling_api import new_session
from tests.scheduling.integration.test_scheduling_poll_pages import form as poll_form
from tests.scheduling.integration.test_scheduling_session_pages import form as session_form
from tests.support import migrated_engine

THEIRS = str(uuid.uuid4())
PAGES, POLL_PAGES = "/book/manage/sessions/new", "/book/manage/polls/new"


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    engine = migrated_engine("scheduling", tmp_path)
    app = create_app(bootstrap(settings=load_settings(), engine=engine))
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def staff_at(app: Flask, organisation_id: str) -> FlaskClient:
    """A coordinator working in this organisation (no memberships known: the cookie's roles)."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["staff"] = {
            "id": str(uuid.uuid4()),
            "name": "Cora",
            "roles": ["coordinator"],
            "organisation_id": organisation_id,
            "issued_at": datetime.now(UTC).isoformat(),
        }
    return client


def published(app: Flask, activity_id: str, organisation_id: str | None) -> None:
    """ActivityPublished through the consumer's own handler, in one unit of work."""
    data: dict[str, Any] = {"activity_id": activity_id, "title": "Their activity"}
    if organisation_id is not None:
        data["organisation_id"] = organisation_id
    bus = bus_of(app)
    with bus.uow_factory() as uow:
        subscription(bus).handlers["ActivityPublished"](None, data, uow)
        uow.commit()


def organisation_of(app: Flask, activity_id: str) -> str | None:
    with bus_of(app).uow_factory() as uow:
        return uow.activities.organisation_of(activity_id)


def owners(app: Flask) -> list[str]:
    with bus_of(app).uow_factory() as uow:
        return list(uow.session.execute(select(sessions.c.organisation_id)).scalars())


def test_activity_published_keeps_whose_it_is(app: Flask) -> None:
    mine, older = str(uuid.uuid4()), str(uuid.uuid4())
    published(app, mine, THEIRS)
    published(app, mine, THEIRS)  # a redelivery changes nothing
    published(app, older, None)  # from before organisations
    assert organisation_of(app, mine) == THEIRS
    assert organisation_of(app, older) == FIRST_ORGANISATION_ID


def test_a_session_takes_its_activitys_organisation(app: Flask) -> None:
    theirs, unheard_of = str(uuid.uuid4()), str(uuid.uuid4())
    published(app, theirs, THEIRS)
    assert new_session(staff_at(app, THEIRS), activity_id=theirs).status_code == 201
    # Not heard of yet: the organisation the coordinator works in.
    assert new_session(staff_at(app, THEIRS), activity_id=unheard_of).status_code == 201
    assert owners(app) == [THEIRS, THEIRS]


def test_another_organisations_activity_is_not_found(app: Flask) -> None:
    theirs = str(uuid.uuid4())
    published(app, theirs, THEIRS)
    me = staff_at(app, FIRST_ORGANISATION_ID)

    assert new_session(me, activity_id=theirs).status_code == 404
    assert me.post(PAGES, data=session_form(activity_id=theirs)).status_code == 404
    assert me.post(POLL_PAGES, data=poll_form(activity_id=theirs)).status_code == 404
    poll = {
        "activity_id": theirs,
        "title": "When suits you?",
        "format": "online",
        "joining_url": "https://meet.example/x",
        "options": [
            {"starts_at": "2030-01-07T10:00:00+00:00", "ends_at": "2030-01-07T11:00:00+00:00"}
        ],
        "closes_at": "2030-01-01T10:00:00+00:00",
    }
    assert me.post("/api/scheduling/polls", json=poll).status_code == 404
    with bus_of(app).uow_factory() as uow:
        for table in (sessions, polls):
            assert uow.session.execute(select(func.count()).select_from(table)).scalar() == 0


def test_the_lists_hold_only_the_organisation_in_scope(app: Flask) -> None:
    theirs = new_session(staff_at(app, THEIRS), activity_title="Their clinic").get_json()
    mine = new_session(staff_at(app, FIRST_ORGANISATION_ID), activity_title="Our clinic")
    assert theirs and mine.status_code == 201

    listed = staff_at(app, FIRST_ORGANISATION_ID).get("/book/manage").get_data(as_text=True)
    assert "Our clinic" in listed and "Their clinic" not in listed
    theirs_listed = staff_at(app, THEIRS).get("/book/manage").get_data(as_text=True)
    assert "Their clinic" in theirs_listed and "Our clinic" not in theirs_listed
