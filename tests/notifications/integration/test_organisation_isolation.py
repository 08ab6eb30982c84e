"""Staff of one organisation, given another organisation's person or activity, get exactly
what an unknown id gets, on every staff page and API of notifications (the message log takes
its ids in the query string, previews a template's name). The routes come from the app's own
URL map, so a new route is covered the day it is added."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from services.notifications.config import load_settings
from services.notifications.domain.model import Contact, Message
from services.notifications.entrypoints.app import create_app
from shared.web import current_bus
from tests.organisation_matrix import fill, staff_routes
from tests.support import migrated_engine

A, B = str(uuid.uuid4()), str(uuid.uuid4())
OURS = {"participant": str(uuid.uuid4()), "activity": str(uuid.uuid4())}
THEIRS = {"participant": str(uuid.uuid4()), "activity": str(uuid.uuid4())}


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    app = create_app(load_settings("notifications"), migrated_engine("notifications", tmp_path))
    with current_bus(app).uow_factory() as uow:
        for organisation, ids, name in ((A, OURS, "Olwen"), (B, THEIRS, "Tamsin")):
            uow.contacts.save(Contact(ids["participant"], name, None, None, "email", "en"))
            uow.activity_titles.save(ids["activity"], f"{name}'s activity", organisation)
            message = Message(
                ids["participant"], str(uuid.uuid4()), "welcome", "email", "x@example.org",
                "", "", "", datetime.now(UTC), activity_id=ids["activity"],
                organisation_id=organisation,
            )  # fmt: skip
            uow.messages.add(message)
        uow.commit()
    return app


def signed_in_at(app: Flask, organisation_id: str) -> FlaskClient:
    client = app.test_client()
    with client.session_transaction() as session:
        session["staff"] = {"id": str(uuid.uuid4()), "name": "Cora", "organisation_id":
                            organisation_id, "roles": ["admin", "coordinator", "finance_approver"],
                            "issued_at": datetime.now(UTC).isoformat()}  # fmt: skip
    return client


def page(client: FlaskClient, method: str, rule: str, ids: dict[str, str]) -> tuple[int, str]:
    answer = client.open(fill(rule, {"template": "welcome"}), method=method, query_string=ids)
    text = answer.get_data(as_text=True)
    for value in ids.values():
        text = text.replace(value, "<id>")
    # A CSRF token carries the second it was made: two pages a second apart differ by it alone.
    text = re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value="<token>"', text)
    return answer.status_code, text


def test_the_matrix_covers_the_staff_routes(app: Flask) -> None:
    rules = {rule for _, rule in staff_routes(app, {"template"}, without_arguments=True)}
    assert {"/messages/log", "/api/notifications/templates/<template>/preview"} <= rules


def test_another_organisations_ids_answer_as_unknown_ones(app: Flask) -> None:
    client = signed_in_at(app, A)
    nobody = {"participant": str(uuid.uuid4()), "activity": str(uuid.uuid4())}
    walked: dict[tuple[str, str], Any] = {}
    for method, rule in staff_routes(app, {"template"}, without_arguments=True):
        if method != "GET":
            continue  # the staff preferences form: one's own choices, no organisation's ids
        for name in ("participant", "activity"):
            theirs = page(client, method, rule, {name: THEIRS[name]})
            unknown = page(client, method, rule, {name: nobody[name]})
            walked[(rule, name)] = theirs[0]
            assert theirs == unknown, (rule, name)
            assert "Tamsin" not in theirs[1], (rule, name)
    assert walked[("/messages/log", "participant")] == 200
    # The control: the same walk with their own organisation's ids finds them.
    status, ours = page(client, "GET", "/messages/log", {"participant": OURS["participant"]})
    assert status == 200 and "Olwen" in ours
    _, at_b = page(signed_in_at(app, B), "GET", "/messages/log", {"activity": THEIRS["activity"]})
    assert "Tamsin" in at_b and "Olwen" not in at_b
