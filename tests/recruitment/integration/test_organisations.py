"""Organisations on a real (SQLite) database, through the platform admins' API: the migration
makes the existing deployment the first organisation, new ones are announced in the outbox,
and only platform admins may see or change any."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine, create_engine, select

from services.recruitment.adapters.orm import staff
from services.recruitment.bootstrap import bootstrap
from services.recruitment.config import load_settings
from services.recruitment.entrypoints.app import create_app
from shared.bus.tables import outbox
from shared.migrations import upgrade
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.support import migrated_engine, staff_client

WHEN = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
WEST_YORKSHIRE = {
    "name": "West Yorkshire ICB",
    "short_name": "WYICB",
    "public_contact": "involvement@example.org",
    "sms_sender": "+447700900456",
    "email_from_name": "West Yorkshire ICB",
    "email_from_address": "involvement@example.org",
    "finance_threshold_pence": 25_000,
}


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setenv("ORGANISATION_NAME", "Leeds Teaching Hospitals")
    return migrated_engine("recruitment", tmp_path)


@pytest.fixture
def app(engine: Engine) -> Flask:
    app = create_app(bootstrap(settings=load_settings(), engine=engine))
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def announced(engine: Engine) -> list[dict]:  # type: ignore[type-arg]
    query = select(outbox.c.payload).where(outbox.c.event_type == "OrganisationChanged")
    with engine.connect() as conn:
        return [json.loads(p)["data"] for p in conn.scalars(query.order_by(outbox.c.id))]


def test_the_existing_deployment_becomes_the_first_organisation(app: Flask) -> None:
    admin = staff_client(app, ["admin", "platform_admin"])
    [first] = admin.get("/api/recruitment/organisations").get_json()
    assert first["id"] == FIRST_ORGANISATION_ID
    assert (first["name"], first["short_name"]) == (
        "Leeds Teaching Hospitals",
        "LEEDSTEACHINGHOSPITA",
    )
    assert first["sms_sender"] is None  # the deployment's own number, as before


def test_the_first_organisation_is_announced_by_the_migration(engine: Engine) -> None:
    [data] = announced(engine)
    assert data["organisation_id"] == FIRST_ORGANISATION_ID
    assert data["name"] == "Leeds Teaching Hospitals"


def test_admins_from_before_organisations_become_platform_admins(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade("services.recruitment.adapters:migrations", url, revision="0014")
    old = create_engine(url)
    with old.begin() as conn:
        for n, roles in enumerate(("admin", "coordinator")):
            conn.execute(
                staff.insert().values(
                    id=f"00000000-0000-4000-8000-00000000010{n}",
                    email=f"s{n}@example.org",
                    display_name=f"Staff {n}",
                    password_hash="x",
                    roles=roles,
                    failed_sign_ins=0,
                    sessions_valid_after=WHEN,
                    created_at=WHEN,
                )
            )
    upgrade("services.recruitment.adapters:migrations", url, revision="0015")
    with old.connect() as conn:
        roles = dict(conn.execute(select(staff.c.email, staff.c.roles)).all())
        told = conn.scalars(
            select(outbox.c.key).where(outbox.c.event_type == "StaffProfileChanged")
        ).all()
    assert roles == {"s0@example.org": "admin platform_admin", "s1@example.org": "coordinator"}
    assert told[-1] == "00000000-0000-4000-8000-000000000100"  # every service hears of it
    # 0016: the roles become roles in the first organisation; platform_admin holds everywhere.
    upgrade("services.recruitment.adapters:migrations", url)
    with old.connect() as conn:
        rows = conn.execute(select(staff.c.email, staff.c.roles, staff.c.memberships)).all()
        profiles = conn.scalars(
            select(outbox.c.payload).where(outbox.c.event_type == "StaffProfileChanged")
        ).all()
    assert {email: (r, m) for email, r, m in rows} == {
        "s0@example.org": ("platform_admin", {FIRST_ORGANISATION_ID: ["admin"]}),
        "s1@example.org": ("", {FIRST_ORGANISATION_ID: ["coordinator"]}),
    }
    last = json.loads(profiles[-1])["data"]
    assert last["memberships"] == [
        {"organisation_id": FIRST_ORGANISATION_ID, "roles": ["coordinator"]}
    ]


def test_a_platform_admin_adds_and_changes_an_organisation(app: Flask, engine: Engine) -> None:
    admin = staff_client(app, ["platform_admin"])
    made = admin.post("/api/recruitment/organisations", json=WEST_YORKSHIRE)
    assert made.status_code == 201, made.get_json()
    organisation = made.get_json()
    assert organisation["finance_threshold_pence"] == 25_000
    changed = admin.put(
        f"/api/recruitment/organisations/{organisation['id']}",
        json={**WEST_YORKSHIRE, "welsh_name": "BGC Gorllewin Swydd Efrog"},
    )
    assert changed.status_code == 200
    assert changed.get_json()["welsh_name"] == "BGC Gorllewin Swydd Efrog"
    names = [(d["organisation_id"], d["welsh_name"]) for d in announced(engine)]
    assert names[-2:] == [
        (organisation["id"], None),
        (organisation["id"], "BGC Gorllewin Swydd Efrog"),
    ]
    listed = admin.get("/api/recruitment/organisations").get_json()
    assert [o["short_name"] for o in listed] == ["LEEDSTEACHINGHOSPITA", "WYICB"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sms_sender": "07700 900456"}, "sms_sender"),
        ({"short_name": "LEEDSTEACHINGHOSPITA"}, "short_name"),  # the first one's
        ({"stripe_account": "sk_live_secret"}, "stripe_account"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_details_are_refused_with_the_field_named(
    app: Flask,
    engine: Engine,
    change: dict,
    field: str,  # type: ignore[type-arg]
) -> None:
    admin = staff_client(app, ["platform_admin"])
    refused = admin.post("/api/recruitment/organisations", json={**WEST_YORKSHIRE, **change})
    assert refused.status_code == 422
    assert field in refused.get_json()["errors"]["json"]
    assert len(announced(engine)) == 1  # only the first organisation's


def test_an_unknown_organisation_is_not_found(app: Flask) -> None:
    admin = staff_client(app, ["platform_admin"])
    assert admin.get("/api/recruitment/organisations/nope").status_code == 404
    put = admin.put("/api/recruitment/organisations/nope", json=WEST_YORKSHIRE)
    assert put.status_code == 404


@pytest.mark.parametrize("roles", [["admin"], ["coordinator"], ["finance_approver"]])
def test_only_platform_admins_see_or_change_organisations(app: Flask, roles: list[str]) -> None:
    client = staff_client(app, roles)
    assert client.get("/api/recruitment/organisations").status_code == 403
    assert client.post("/api/recruitment/organisations", json=WEST_YORKSHIRE).status_code == 403
    assert app.test_client().get("/api/recruitment/organisations").status_code == 401
