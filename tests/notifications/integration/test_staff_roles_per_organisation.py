"""Roles per organisation in notifications: a StaffProfileChanged with roles only in
organisation B gives no role in organisation A through notifications' own app."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from services.notifications.config import load_settings
from services.notifications.entrypoints.app import create_app
from services.notifications.handlers import staff_member
from shared.web import current_bus
from tests.support import migrated_engine

A = "00000000-0000-4000-8000-00000000000a"
B = "00000000-0000-4000-8000-00000000000b"


def _app(tmp_path: Path) -> Flask:
    return create_app(load_settings("notifications"), migrated_engine("notifications", tmp_path))


def _profile(app: Flask, staff_id: str) -> None:
    """The event as recruitment publishes it: coordinator in B only (`roles` is every role)."""
    data = {
        "staff_id": staff_id,
        "name": "Cora",
        "email": "cora@example.org",
        "roles": ["coordinator"],
        "active": True,
        "memberships": [{"organisation_id": B, "roles": ["coordinator"]}],
    }
    bus = current_bus(app)
    with bus.uow_factory() as uow:
        bus.handle(staff_member(None, data, ""), uow)  # type: ignore[arg-type]
        uow.commit()


def _signed_in(app: Flask, staff_id: str, organisation_id: str) -> FlaskClient:
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


def test_a_role_in_b_is_no_role_in_a(tmp_path: Path) -> None:
    app = _app(tmp_path)
    staff_id = str(uuid.uuid4())
    _profile(app, staff_id)
    with current_bus(app).uow_factory() as uow:
        (member,) = uow.staff.members()
    assert member.memberships == {B: ["coordinator"]}
    assert _signed_in(app, staff_id, B).get("/messages/log").status_code == 200
    assert _signed_in(app, staff_id, A).get("/messages/log").status_code in (302, 403)
