"""The do-not-contact list is each organisation's own: the hospice's coordinator puts Ann on
its list and the hospice invites her no more, while the hospital still does and does not see
her on its list; a coordinator cannot find or list someone who never signed up with their
organisation. Real pages, a real (SQLite) database."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from services.recruitment.adapters.orm import invitations
from services.recruitment.invitations.commands import InviteWaves
from services.recruitment.invitations.service_layer.invitations import invite, release_due
from shared.bus.tables import outbox
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.recruitment.integration.test_leave_organisation import World, make_world, statuses
from tests.support import staff_client

PATH = "/join/manage/do-not-contact"


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    made = make_world(tmp_path, monkeypatch)
    made.app.config["WTF_CSRF_ENABLED"] = False  # CSRF has its own tests
    return made


def coordinator(world: World, organisation_id: str) -> FlaskClient:
    client = staff_client(world.app, ["coordinator"])
    with client.session_transaction() as session:
        session["staff"] = {**session["staff"], "organisation_id": organisation_id}
    return client


def outcomes(world: World) -> dict[str, tuple[str, str | None]]:
    now = datetime.now(UTC)
    for activity in (world.ours, world.theirs):
        invite(InviteWaves(activity, [world.ann], 10, 0, None), now, world.uow())
    release_due(now + timedelta(minutes=1), 10, world.uow())
    query = select(invitations.c.activity_id, invitations.c.status, invitations.c.reason)
    with world.engine.connect() as conn:
        return {a: (s, r) for a, s, r in conn.execute(query)}


def test_the_hospices_list_stops_only_the_hospices_invitations(world: World) -> None:
    hospice = coordinator(world, world.hospice)
    added = hospice.post(PATH, data={"contact": "ann@example.org"})
    assert added.status_code == 302
    assert "Ann" in hospice.get(PATH).get_data(as_text=True)
    hospital = coordinator(world, FIRST_ORGANISATION_ID)
    assert "ann@example.org" not in hospital.get(PATH).get_data(as_text=True)

    assert statuses(world) == {world.ours: "interested", world.theirs: "withdrawn"}
    assert outcomes(world) == {
        world.ours: ("sent", None),
        world.theirs: ("skipped", "do_not_contact"),
    }
    with world.engine.connect() as conn:
        told = [
            (t, json.loads(p)["data"])
            for t, p in conn.execute(select(outbox.c.event_type, outbox.c.payload))
            if p
        ]
    types = [t for t, d in told if d.get("participant_id") == world.ann]
    assert "ConsentWithdrawn" not in types  # not withdrawal everywhere
    assert ("ParticipantLeftOrganisation", world.hospice) in [
        (t, d.get("organisation_id")) for t, d in told
    ]

    # Only the hospice can take her off its list; then it may invite her again.
    remove = f"{PATH}/{world.ann}/remove"
    assert hospital.post(remove).status_code == 302
    assert "Ann" in hospice.get(PATH).get_data(as_text=True)
    assert hospice.post(remove).status_code == 302
    assert "ann@example.org" not in hospice.get(PATH).get_data(as_text=True)
    assert statuses(world) == {world.ours: "invited", world.theirs: "interested"}


def test_nobody_outside_the_organisation_is_found(world: World) -> None:
    other = coordinator(world, "7d5c2f0e-0000-4000-8000-00000000abcd")
    answer = other.post(PATH, data={"contact": "ann@example.org"})
    assert answer.status_code == 404
    assert "Nobody has signed up with this number or email address." in answer.get_data(
        as_text=True
    )
    api = other.post(f"/api/recruitment/participants/{world.ann}/do-not-contact")
    assert api.status_code == 404
    assert other.post(f"{PATH}/{world.ann}/remove").status_code == 404
    assert statuses(world) == {world.ours: "interested", world.theirs: "interested"}
