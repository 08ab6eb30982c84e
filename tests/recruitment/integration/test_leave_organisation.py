"""A person with two organisations leaves one from their own page: that organisation's sign-ups
are withdrawn, its invitations are skipped and its forms do not put them back, while the other
organisation keeps them exactly as they were. Real pages, a real (SQLite) database."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from services.recruitment.activities.service_layer import activities
from services.recruitment.adapters.orm import expressions_of_interest, invitations
from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from services.recruitment.bootstrap import bootstrap
from services.recruitment.config import load_settings
from services.recruitment.entrypoints.app import create_app
from services.recruitment.invitations.commands import InviteWaves
from services.recruitment.invitations.service_layer.invitations import invite, release_due
from services.recruitment.organisations.commands import CreateOrganisation
from services.recruitment.organisations.domain.organisation import Details
from services.recruitment.organisations.service_layer import organisations
from services.recruitment.signups.commands import SignUpForActivity
from services.recruitment.signups.service_layer.signups import sign_up_for_activity
from shared.bus.tables import outbox
from shared.db import make_session_factory
from shared.tenancy import enter_organisation, leave_organisation
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.support import migrated_engine

ANN = SignUpForActivity("Ann", None, "ann@example.org", "email", "en", "v1")


@dataclass
class World:
    app: Flask
    engine: Engine
    hospice: str
    ours: str  # the first organisation's activity
    theirs: str  # the hospice's
    ann: str

    def uow(self) -> RecruitmentUnitOfWork:
        return RecruitmentUnitOfWork(make_session_factory(self.engine))


def _activity(organisation_id: str, title: str, uows) -> str:  # type: ignore[no-untyped-def]
    enter_organisation(organisation_id)
    try:
        what = activities.DescribeActivity(title, "Why it matters", "survey", ["online"], {}, {})
        made = activities.create_activity(what, None, uows())
        activities.set_status(made, "open", uows())
        return made
    finally:
        leave_organisation()


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    return make_world(tmp_path, monkeypatch)


def make_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    """Ann signed up to one activity of the first organisation and one of the hospice's."""
    monkeypatch.setenv("ORGANISATION_NAME", "Leeds Teaching Hospitals")
    engine = migrated_engine("recruitment", tmp_path)
    app = create_app(bootstrap(settings=load_settings(), engine=engine))
    uows = lambda: RecruitmentUnitOfWork(make_session_factory(engine))  # noqa: E731
    hospice = Details("Wheatfields Hospice", "HOSPICE", "0113 496 0003", welsh_name="Hosbis")
    hospice_id = organisations.create(CreateOrganisation(hospice, None), uows(), None)
    ours = _activity(FIRST_ORGANISATION_ID, "Clinic letters", uows)
    theirs = _activity(hospice_id, "The hospice garden", uows)
    ann = sign_up_for_activity(SignUpForActivity(**{**vars(ANN), "activity_id": ours}), uows())
    sign_up_for_activity(SignUpForActivity(**{**vars(ANN), "activity_id": theirs}), uows())
    return World(app, engine, hospice_id, ours, theirs, ann.participant_id)


def as_ann(world: World) -> FlaskClient:
    client = world.app.test_client()
    with client.session_transaction() as session:
        session["participant"] = {"id": world.ann, "issued_at": datetime.now(UTC).isoformat()}
    return client


def csrf(client: FlaskClient, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def statuses(world: World) -> dict[str, str]:
    query = select(expressions_of_interest.c.activity_id, expressions_of_interest.c.status)
    with world.engine.connect() as conn:
        return dict(conn.execute(query).all())  # type: ignore[arg-type]


def test_ann_leaves_the_hospice_and_stays_with_the_hospital(world: World) -> None:
    ann = as_ann(world)
    page = ann.get("/join/me").get_data(as_text=True)
    assert "Groups you take part with" in page
    assert "Leeds Teaching Hospitals" in page and "Wheatfields Hospice" in page
    leave = f"/join/me/organisations/{world.hospice}/leave"
    assert "Leave Wheatfields Hospice" in ann.get(leave).get_data(as_text=True)

    done = ann.post(leave, data={"csrf_token": csrf(ann, leave)})
    assert done.status_code == 302
    page = ann.get(done.headers["Location"]).get_data(as_text=True)
    assert "You have left Wheatfields Hospice." in page
    assert f"/join/me/organisations/{world.hospice}/leave" not in page
    assert "Leeds Teaching Hospitals" in page
    # The address carries the organisation's id, and names only one she has left: no link can
    # make her page say she left somewhere else, or say anything it chose.
    assert done.headers["Location"] == f"/join/me?left={world.hospice}"
    for forged in (FIRST_ORGANISATION_ID, "Evil Corp", "<b>x</b>"):
        page = ann.get("/join/me", query_string={"left": forged}).get_data(as_text=True)
        assert "You have left" not in page and "Evil Corp" not in page and "<b>x" not in page
    assert statuses(world) == {world.ours: "interested", world.theirs: "withdrawn"}
    with world.engine.connect() as conn:
        rows = conn.execute(select(outbox.c.event_type, outbox.c.payload)).all()
    [left] = [json.loads(p)["data"] for t, p in rows if t == "ParticipantLeftOrganisation"]
    assert (left["participant_id"], left["organisation_id"]) == (world.ann, world.hospice)
    # Leaving again, or an organisation she is not with, is not found.
    assert ann.post(leave, data={"csrf_token": csrf(ann, "/join/me")}).status_code == 404
    data = ann.get("/join/me/data.json").get_json()
    assert data["left_organisations"] == [world.hospice]


def test_after_leaving_only_the_other_organisations_invitations_go(world: World) -> None:
    ann = as_ann(world)
    leave = f"/join/me/organisations/{world.hospice}/leave"
    ann.post(leave, data={"csrf_token": csrf(ann, leave)})
    now = datetime.now(UTC)
    for activity in (world.ours, world.theirs):
        invite(InviteWaves(activity, [world.ann], 10, 0, None), now, world.uow())
    assert release_due(now + timedelta(minutes=1), 10, world.uow()) == 1
    query = select(invitations.c.activity_id, invitations.c.status, invitations.c.reason)
    with world.engine.connect() as conn:
        sent = {a: (s, r) for a, s, r in conn.execute(query)}
    assert sent == {world.ours: ("sent", None), world.theirs: ("skipped", "withdrawn")}


def test_a_form_filled_in_again_does_not_put_her_back(world: World) -> None:
    ann = as_ann(world)
    leave = f"/join/me/organisations/{world.hospice}/leave"
    ann.post(leave, data={"csrf_token": csrf(ann, leave)})
    another = _activity(world.hospice, "Hospice meals", lambda: world.uow())
    sign_up_for_activity(SignUpForActivity(**{**vars(ANN), "activity_id": another}), world.uow())
    assert another not in statuses(world)
    page = ann.get("/join/me").get_data(as_text=True)
    # Not among the groups she takes part with; only among those she left (which may be asked
    # to delete what they hold).
    assert f"/join/me/organisations/{world.hospice}/leave" not in page
    assert f"/join/me/organisations/{world.hospice}/erase" in page


def test_the_page_says_the_welsh_name_in_welsh(world: World) -> None:
    ann = as_ann(world)
    page = ann.get("/join/me?lang=cy").get_data(as_text=True)
    assert "Grwpiau rydych chi" in page and "Hosbis" in page


def test_an_organisation_she_is_not_with_is_not_found(world: World) -> None:
    ann = as_ann(world)
    other = organisations.create(
        CreateOrganisation(Details("Age Concern Leeds", "ACL", "0113 496 0004"), None),
        world.uow(),
        None,
    )
    for organisation in (other, "no-such-organisation"):
        path = f"/join/me/organisations/{organisation}/leave"
        assert ann.get(path).status_code == 404
        assert ann.post(path, data={"csrf_token": csrf(ann, "/join/me")}).status_code == 404
