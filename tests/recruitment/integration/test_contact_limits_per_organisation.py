"""The contact limit (at most N invitations in 30 days) is each organisation's own: invitations
sent by another organisation do not count against it, its own still do. Real (SQLite) database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from services.recruitment.adapters.orm import invitations
from services.recruitment.invitations.commands import InviteWaves
from services.recruitment.invitations.service_layer.invitations import invite, release_due
from services.recruitment.signups.commands import SignUpForActivity
from services.recruitment.signups.service_layer.signups import sign_up_for_activity
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.recruitment.integration.test_leave_organisation import (
    ANN,
    World,
    _activity,
    make_world,
)


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    return make_world(tmp_path, monkeypatch)


def outcome(world: World, activity_id: str) -> tuple[str, str | None]:
    query = select(invitations.c.status, invitations.c.reason).where(
        invitations.c.activity_id == activity_id
    )
    with world.engine.connect() as conn:
        return tuple(conn.execute(query).one())  # type: ignore[return-value]


def test_one_organisations_invitations_do_not_use_up_anothers_limit(world: World) -> None:
    now = datetime.now(UTC)

    def send(activity_id: str, minutes: int) -> None:
        at = now + timedelta(minutes=minutes)
        invite(InviteWaves(activity_id, [world.ann], 10, 0, None), at, world.uow())
        release_due(at + timedelta(seconds=1), 1, world.uow())  # one invitation in 30 days

    send(world.ours, 0)
    send(world.theirs, 1)  # the hospice has not asked her yet
    assert outcome(world, world.ours) == ("sent", None)
    assert outcome(world, world.theirs) == ("sent", None)

    # A second activity of each organisation: each has used its one invitation now.
    again = {
        organisation: _activity(organisation, f"Another of {organisation}", world.uow)
        for organisation in (FIRST_ORGANISATION_ID, world.hospice)
    }
    for minutes, activity_id in enumerate(again.values(), start=2):
        signing_up = SignUpForActivity(**{**vars(ANN), "activity_id": activity_id})
        sign_up_for_activity(signing_up, world.uow())
        send(activity_id, minutes)
    for activity_id in again.values():
        assert outcome(world, activity_id) == ("skipped", "asked_recently")
