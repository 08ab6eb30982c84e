"""Issue #14 items 10 and 11 in recruitment, which owns staff accounts and participants:
an admin disables, enables and changes accounts on a page (each change announced), roles come
from the table on every request, sessions time out, hashes are upgraded at sign-in, and a
participant's sign-out, "stop all my links" and erasure end their sessions on the server."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from flask import Flask, session
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from services.recruitment.adapters.orm import participants, staff
from services.recruitment.bootstrap import bootstrap
from services.recruitment.config import load_settings
from services.recruitment.entrypoints.app import create_app
from shared.auth import STAFF_ABSOLUTE, STAFF_IDLE, current_participant_id, current_staff
from shared.bus.tables import outbox
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.recruitment.integration.test_recruitment_activities import PERSON, open_activity
from tests.recruitment.integration.test_staff_auth import PASSWORD, Site, csrf_token, sign_in
from tests.support import migrated_engine, staff_client


@pytest.fixture
def site(tmp_path: Path) -> Site:
    engine = migrated_engine("recruitment", tmp_path)
    return Site(create_app(bootstrap(settings=load_settings(), engine=engine)), engine)


def announced(engine: Engine, event_type: str) -> list[dict]:
    query = select(outbox.c.payload).where(outbox.c.event_type == event_type)
    with engine.connect() as conn:
        return [json.loads(p)["data"] for p in conn.execute(query.order_by(outbox.c.id)).scalars()]


def copy_of(app: Flask, client: FlaskClient) -> FlaskClient:
    """Another browser with the same cookie, as someone who copied it would have."""
    cookie = client.get_cookie("chorus_session")
    assert cookie is not None
    other = app.test_client()
    other.set_cookie("chorus_session", cookie.value)
    return other


def post(client: FlaskClient, path: str, page: str, **data: str):  # type: ignore[no-untyped-def]
    return client.post(path, data={"csrf_token": csrf_token(client, page), **data})


@pytest.fixture
def admin(site: Site) -> tuple[FlaskClient, str]:
    admin_id = site.add_staff("ada@example.org", {"admin"}, name="Ada")
    client = site.client()
    assert sign_in(client, "ada@example.org").status_code == 302
    return client, admin_id


def test_an_admin_disables_an_account_and_its_sessions_end(
    site: Site, admin: tuple[FlaskClient, str]
) -> None:
    ada, _ = admin
    cora_id = site.add_staff("cora@example.org", {"coordinator"}, name="Cora")
    cora = site.client()
    assert sign_in(cora, "cora@example.org").status_code == 302
    assert cora.get("/staff").status_code == 200
    page = ada.get(f"/staff/accounts/{cora_id}").get_data(as_text=True)
    assert "Disable account" in page and "cora@example.org" in page

    disabled = post(ada, f"/staff/accounts/{cora_id}/disable", f"/staff/accounts/{cora_id}")
    assert disabled.status_code == 302 and disabled.headers["Location"] == "/staff/accounts"
    listing = ada.get("/staff/accounts").get_data(as_text=True)
    assert "signed out everywhere" in listing and "Disabled" in listing
    assert cora.get("/staff").headers["Location"].startswith("/staff/sign-in")
    assert sign_in(site.client(), "cora@example.org").status_code == 401  # the usual words
    [*_, profile] = announced(site.engine, "StaffProfileChanged")
    assert (profile["staff_id"], profile["active"]) == (cora_id, False)
    [revoked] = announced(site.engine, "StaffSessionsRevoked")
    assert revoked["staff_id"] == cora_id

    enabled = post(ada, f"/staff/accounts/{cora_id}/enable", f"/staff/accounts/{cora_id}")
    assert enabled.status_code == 302
    assert announced(site.engine, "StaffProfileChanged")[-1]["active"] is True
    assert cora.get("/staff").status_code == 302  # the old session stays ended
    fresh = site.client()
    assert sign_in(fresh, "cora@example.org").status_code == 302
    assert fresh.get("/staff").status_code == 200


def test_an_admin_cannot_disable_themselves_or_drop_their_own_admin(
    site: Site, admin: tuple[FlaskClient, str]
) -> None:
    ada, ada_id = admin
    page = f"/staff/accounts/{ada_id}"
    refused = post(ada, f"{page}/disable", page)
    assert refused.status_code == 400
    assert "You cannot disable your own account." in refused.get_data(as_text=True)
    dropped = post(ada, page, page, display_name="Ada", roles="coordinator")
    assert dropped.status_code == 400
    assert "You cannot take away your own admin role." in dropped.get_data(as_text=True)
    assert ada.get("/staff/accounts").status_code == 200
    assert post(ada, f"/staff/accounts/{uuid.uuid4()}/disable", "/staff").status_code == 404


def test_changing_roles_takes_effect_on_the_next_request_and_is_announced(
    site: Site, admin: tuple[FlaskClient, str]
) -> None:
    ada, _ = admin
    cora_id = site.add_staff("cora@example.org", {"coordinator", "admin"}, name="Cora")
    cora = site.client()
    sign_in(cora, "cora@example.org")
    assert cora.get("/staff/accounts").status_code == 200  # an admin, for now

    page = f"/staff/accounts/{cora_id}"
    empty = post(ada, page, page, display_name=" ")
    assert empty.status_code == 400 and "Choose at least one role." in empty.get_data(as_text=True)
    saved = post(ada, page, page, display_name="Cora Cole", roles="coordinator")
    assert saved.status_code == 302
    assert cora.get("/staff/accounts").status_code == 403  # her cookie still says admin
    assert cora.get("/staff").status_code == 200  # still signed in, as a coordinator
    profile = announced(site.engine, "StaffProfileChanged")[-1]
    assert (profile["name"], profile["roles"]) == ("Cora Cole", ["coordinator"])
    with site.engine.connect() as conn:
        query = select(staff.c.display_name, staff.c.memberships).where(staff.c.id == cora_id)
        # Her roles in the organisation the admin works in (the first).
        assert conn.execute(query).one() == ("Cora Cole", {FIRST_ORGANISATION_ID: ["coordinator"]})
    before = len(announced(site.engine, "StaffProfileChanged"))
    post(ada, page, page, display_name="Cora Cole", roles="coordinator")  # nothing changed
    assert len(announced(site.engine, "StaffProfileChanged")) == before


def test_only_admins_change_accounts(site: Site) -> None:
    cora_id = site.add_staff("cora@example.org", {"coordinator"})
    coordinator = staff_client(site.app, ["coordinator"])
    assert coordinator.get(f"/staff/accounts/{cora_id}").status_code == 403
    site.app.config["WTF_CSRF_ENABLED"] = False
    assert coordinator.post(f"/staff/accounts/{cora_id}/disable").status_code == 403


@pytest.mark.parametrize(
    ("issued_ago", "seen_ago", "still_valid"),
    [
        (timedelta(hours=1), timedelta(minutes=1), True),
        (timedelta(hours=10), timedelta(hours=1), True),  # a long day, in use
        (STAFF_IDLE + timedelta(minutes=1), STAFF_IDLE + timedelta(minutes=1), False),  # idle
        (timedelta(hours=9, minutes=30), timedelta(hours=9, minutes=1), False),  # idle
        (STAFF_ABSOLUTE + timedelta(minutes=1), timedelta(minutes=1), False),  # too old
    ],
)
def test_staff_sessions_end_after_a_working_day_idle_and_at_an_absolute_limit(
    site: Site, issued_ago: timedelta, seen_ago: timedelta, still_valid: bool
) -> None:
    staff_id = site.add_staff("cora@example.org", {"coordinator"})
    now = datetime.now(UTC)
    with site.engine.begin() as conn:  # an account made before these sessions
        made = staff.update().values(sessions_valid_after=now - timedelta(days=2))
        conn.execute(made.where(staff.c.id == staff_id))
    with site.app.test_request_context("/staff"):
        session["staff"] = {
            "id": staff_id,
            "name": "Cora",
            "roles": ["coordinator"],
            "issued_at": (now - issued_ago).isoformat(),
            "seen_at": (now - seen_ago).isoformat(),
        }
        assert (current_staff() is not None) is still_valid


def test_using_a_session_keeps_it_alive(site: Site) -> None:
    site.add_staff("cora@example.org", {"coordinator"})
    client = site.client()
    sign_in(client, "cora@example.org")
    with client.session_transaction() as saved:
        hours_ago = (datetime.now(UTC) - timedelta(hours=8)).isoformat()
        saved["staff"] = {**saved["staff"], "seen_at": hours_ago}
    assert client.get("/staff").status_code == 200
    with client.session_transaction() as saved:
        seen = datetime.fromisoformat(saved["staff"]["seen_at"])
    assert datetime.now(UTC) - seen < timedelta(minutes=1)


def test_a_weak_argon2_hash_is_upgraded_at_sign_in(site: Site) -> None:
    staff_id = site.add_staff("cora@example.org", {"coordinator"})
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    with site.engine.begin() as conn:
        conn.execute(staff.update().where(staff.c.id == staff_id).values(password_hash=weak))
    assert sign_in(site.client(), "cora@example.org").status_code == 302
    with site.engine.connect() as conn:
        upgraded = conn.execute(select(staff.c.password_hash)).scalar_one()
    assert upgraded != weak and not PasswordHasher().check_needs_rehash(upgraded)
    assert PasswordHasher().verify(upgraded, PASSWORD)
    assert sign_in(site.client(), "cora@example.org").status_code == 302
    with site.engine.connect() as conn:
        assert conn.execute(select(staff.c.password_hash)).scalar_one() == upgraded  # once


def signed_up_participant(site: Site) -> tuple[FlaskClient, str]:
    site.app.config["WTF_CSRF_ENABLED"] = False  # CSRF is tested with staff sign-in
    activity_id = open_activity(staff_client(site.app, ["coordinator"]))
    client = site.client()
    assert client.post(f"/join/activities/{activity_id}", data=PERSON).status_code == 200
    with site.engine.connect() as conn:
        participant_id = conn.execute(select(participants.c.id)).scalar_one()
    with client.session_transaction() as saved:  # as the magic link leaves it
        saved.clear()
        saved["participant"] = {"id": participant_id, "issued_at": datetime.now(UTC).isoformat()}
    assert client.get("/join/me").status_code == 200
    return client, participant_id


@pytest.mark.parametrize(
    ("path", "form"),
    [("/join/sign-out", {}), ("/join/me/stop-links", {}), ("/join/me/erase", {"confirm": "yes"})],
    ids=["sign-out", "stop-links", "erase"],
)
def test_a_participant_leaving_ends_the_session_on_the_server(
    site: Site, path: str, form: dict[str, str]
) -> None:
    me, participant_id = signed_up_participant(site)
    copied = copy_of(site.app, me)
    assert copied.get("/join/me").status_code == 200

    page = "/join/me/erase" if path.endswith("erase") else "/join/me"
    assert post(me, path, page, **form).status_code in (200, 302)
    assert copied.get("/join/me").headers["Location"].startswith("/join/link")
    [ended] = announced(site.engine, "ParticipantSessionsEnded")
    assert ended["participant_id"] == participant_id
    with site.app.test_request_context("/join/me"):
        issued = datetime.now(UTC) + timedelta(seconds=1)  # signed in again, later
        session["participant"] = {"id": participant_id, "issued_at": issued.isoformat()}
        assert (current_participant_id() is not None) is (not path.endswith("erase"))
