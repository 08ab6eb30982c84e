"""Roles per organisation reach scheduling's staff sessions: StaffProfileChanged's memberships
are kept beside the staff member's name (through the consumer's own handler, in a unit of work
on a migrated database), and a role held only in organisation B gives nothing in A."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from services.scheduling.bootstrap import bootstrap, subscription
from services.scheduling.config import load_settings
from services.scheduling.entrypoints.app import create_app
from services.scheduling.web import bus_of
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.support import migrated_engine

ELSEWHERE = str(uuid.uuid4())


def app_on(tmp_path: Path) -> Flask:
    engine = migrated_engine("scheduling", tmp_path)
    return create_app(bootstrap(settings=load_settings(), engine=engine))


def receive_profile(app: Flask, staff_id: str, memberships: list[dict[str, Any]] | None) -> None:
    """As the consumer would: the event's handler in a unit of work, then commit."""
    data: dict[str, Any] = {
        "staff_id": staff_id,
        "name": "Cora",
        "roles": ["coordinator"],
        "active": True,
        "changed_at": datetime.now(UTC),  # as the envelope decodes it
    }
    if memberships is not None:
        data["memberships"] = memberships
    bus = bus_of(app)
    handler = subscription(bus).handlers["StaffProfileChanged"]
    with bus.uow_factory() as uow:
        handler(None, data, uow)
        uow.commit()


def signed_in_at(app: Flask, staff_id: str, organisation_id: str) -> FlaskClient:
    client = app.test_client()
    with client.session_transaction() as session:
        session["staff"] = {
            "id": staff_id,
            "name": "Cora",
            "roles": ["coordinator"],
            "organisation_id": organisation_id,
            "issued_at": datetime.now(UTC).isoformat(),
        }
    return client


def test_a_role_only_in_another_organisation_gives_nothing_here(tmp_path: Path) -> None:
    app, cora = app_on(tmp_path), str(uuid.uuid4())
    receive_profile(app, cora, [{"organisation_id": ELSEWHERE, "roles": ["coordinator"]}])

    assert signed_in_at(app, cora, FIRST_ORGANISATION_ID).get("/book/manage").status_code == 403
    assert signed_in_at(app, cora, ELSEWHERE).get("/book/manage").status_code == 200


def test_a_profile_from_before_organisations_keeps_roles_everywhere(tmp_path: Path) -> None:
    app, cora = app_on(tmp_path), str(uuid.uuid4())
    receive_profile(app, cora, None)

    assert signed_in_at(app, cora, FIRST_ORGANISATION_ID).get("/book/manage").status_code == 200
    assert signed_in_at(app, cora, ELSEWHERE).get("/book/manage").status_code == 200
