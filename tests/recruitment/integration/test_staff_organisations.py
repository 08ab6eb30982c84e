"""Staff with roles in more than one organisation, through the real sign-in and staff pages:
roles hold only in the organisation one is working in, one switches on the staff home, and an
admin sees and changes only their own organisation's staff (another's id is not found)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from services.recruitment.bootstrap import bootstrap
from services.recruitment.config import load_settings
from services.recruitment.entrypoints.app import create_app
from services.recruitment.staff.adapters.passwords import Argon2Passwords
from services.recruitment.staff.service_layer.staff import create_staff
from shared.db import make_session_factory
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.recruitment.integration.test_staff_auth import PASSWORD, Site, csrf_token, sign_in
from tests.support import migrated_engine, staff_client

CHARITY = {"name": "Age Concern Leeds", "short_name": "ACL", "public_contact": "0113 496 0001"}


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    monkeypatch.setenv("ORGANISATION_NAME", "Leeds Teaching Hospitals")
    engine = migrated_engine("recruitment", tmp_path)
    return Site(create_app(bootstrap(settings=load_settings(), engine=engine)), engine)


def add_charity(site: Site, first_admin: dict | None = None) -> str:  # type: ignore[type-arg]
    platform = staff_client(site.app, ["platform_admin"])
    site.app.config["WTF_CSRF_ENABLED"] = False
    made = platform.post(
        "/api/recruitment/organisations", json={**CHARITY, "first_admin": first_admin}
    )
    site.app.config["WTF_CSRF_ENABLED"] = True
    assert made.status_code == 201, made.get_json()
    return made.get_json()["id"]


def add_staff(site: Site, email: str, roles: set[str], organisation_id: str, name: str) -> str:
    uow = RecruitmentUnitOfWork(make_session_factory(site.engine))
    return create_staff(
        email, name, PASSWORD, roles, None, uow, Argon2Passwords(), organisation_id=organisation_id
    )


def switch(client: FlaskClient, organisation_id: str):  # type: ignore[no-untyped-def]
    form = {"csrf_token": csrf_token(client, "/staff"), "organisation_id": organisation_id}
    return client.post("/staff/organisation", data=form)


def test_a_person_with_two_organisations_works_in_one_at_a_time(site: Site) -> None:
    charity = add_charity(site)
    add_staff(site, "sam@example.org", {"coordinator"}, FIRST_ORGANISATION_ID, "Sam")
    # The charity's admin adds Sam, who already has an account: Sam gets a role there too.
    add_staff(site, "sam@example.org", {"finance_approver"}, charity, "Sam")
    client = site.client()
    sign_in(client, "sam@example.org")
    home = client.get("/staff").get_data(as_text=True)
    # The first by name: Age Concern Leeds, where Sam approves payments.
    assert "You are working in Age Concern Leeds." in home
    assert "Finance approver" in home and "Activities and recruitment" not in home
    assert "Leeds Teaching Hospitals" in home  # offered as the other one
    header = re.search(r'nhsuk-header__organisation-name">([^<]+)<', home)
    assert header is not None and header.group(1) == "Age Concern Leeds"  # the header says whose

    assert switch(client, FIRST_ORGANISATION_ID).headers["Location"] == "/staff"
    home = client.get("/staff").get_data(as_text=True)
    assert "You are working in Leeds Teaching Hospitals." in home
    assert "Activities and recruitment" in home and "Finance approver" not in home
    assert 'nhsuk-header__organisation-name">Leeds Teaching Hospitals<' in home


def test_one_cannot_switch_into_an_organisation_one_has_no_role_in(site: Site) -> None:
    charity = add_charity(site)
    add_staff(site, "cora@example.org", {"coordinator"}, FIRST_ORGANISATION_ID, "Cora")
    client = site.client()
    sign_in(client, "cora@example.org")
    assert switch(client, charity).status_code == 404  # as if it did not exist
    home = client.get("/staff").get_data(as_text=True)
    assert "You are working in Leeds Teaching Hospitals." in home


def test_an_admin_sees_and_changes_only_their_own_organisations_staff(site: Site) -> None:
    charity = add_charity(site)
    add_staff(site, "ada@example.org", {"admin"}, FIRST_ORGANISATION_ID, "Ada")
    theirs = add_staff(site, "bea@example.org", {"coordinator"}, charity, "Bea")
    client = site.client()
    sign_in(client, "ada@example.org")
    listed = client.get("/staff/accounts").get_data(as_text=True)
    assert "Ada" in listed and "Bea" not in listed
    assert client.get(f"/staff/accounts/{theirs}").status_code == 404
    token = csrf_token(client, "/staff")
    form = {"csrf_token": token, "display_name": "Changed", "roles": "admin"}
    assert client.post(f"/staff/accounts/{theirs}", data=form).status_code == 404
    disabled = client.post(f"/staff/accounts/{theirs}/disable", data={"csrf_token": token})
    assert disabled.status_code == 404
    other = site.client()
    sign_in(other, "bea@example.org")
    assert "Hello Bea" in other.get("/staff").get_data(as_text=True)  # unchanged, still in


def test_a_new_organisations_first_admin_signs_in_to_it(site: Site) -> None:
    admin = {"email": "dee@example.org", "display_name": "Dee", "password": PASSWORD}
    add_charity(site, first_admin=admin)
    client = site.client()
    sign_in(client, "dee@example.org")
    home = client.get("/staff").get_data(as_text=True)
    assert "You are working in Age Concern Leeds." in home
    assert re.search(r'href="/staff/accounts"', home)  # an admin there
    listed = client.get("/staff/accounts").get_data(as_text=True)
    assert "Dee" in listed


def test_a_first_admin_needs_a_password_for_a_new_account(site: Site) -> None:
    platform = staff_client(site.app, ["platform_admin"])
    site.app.config["WTF_CSRF_ENABLED"] = False
    body = {**CHARITY, "first_admin": {"email": "eve@example.org", "display_name": "Eve"}}
    refused = platform.post("/api/recruitment/organisations", json=body)
    assert refused.status_code == 422
    assert "password" in refused.get_json()["errors"]["json"]
    listed = platform.get("/api/recruitment/organisations").get_json()
    assert [o["short_name"] for o in listed] == ["LEEDSTEACHINGHOSPITA"]  # nothing half-made


def test_disabling_in_one_organisation_keeps_the_roles_in_the_other(site: Site) -> None:
    charity = add_charity(site)
    add_staff(site, "ada@example.org", {"admin"}, FIRST_ORGANISATION_ID, "Ada")
    sam = add_staff(site, "sam@example.org", {"coordinator"}, FIRST_ORGANISATION_ID, "Sam")
    add_staff(site, "sam@example.org", {"finance_approver"}, charity, "Sam")
    sams = site.client()
    sign_in(sams, "sam@example.org")
    assert switch(sams, FIRST_ORGANISATION_ID).status_code == 302
    admin = site.client()
    sign_in(admin, "ada@example.org")
    token = csrf_token(admin, "/staff")
    done = admin.post(f"/staff/accounts/{sam}/disable", data={"csrf_token": token})
    assert done.status_code == 302
    listed = admin.get("/staff/accounts").get_data(as_text=True)
    assert "Sam can no longer work in this organisation." in listed
    assert "Coordinator" in listed  # kept, for enabling again

    # Sam's session here holds no role at once; the charity's role still does.
    home = sams.get("/staff").get_data(as_text=True)
    assert "Activities and recruitment" not in home
    assert sams.get("/staff/accounts").status_code == 403
    assert switch(sams, charity).status_code == 302
    assert "Finance approver" in sams.get("/staff").get_data(as_text=True)
    # Signing in again lands in the charity: the only organisation where Sam's roles hold.
    again = site.client()
    sign_in(again, "sam@example.org")
    assert "You are working in Age Concern Leeds." in again.get("/staff").get_data(as_text=True)
    assert switch(again, FIRST_ORGANISATION_ID).status_code == 404

    enabled = admin.post(f"/staff/accounts/{sam}/enable", data={"csrf_token": token})
    assert enabled.status_code == 302
    assert switch(again, FIRST_ORGANISATION_ID).status_code == 302
    assert "Activities and recruitment" in again.get("/staff").get_data(as_text=True)


def test_disabled_where_they_had_their_last_roles_the_account_is_disabled(site: Site) -> None:
    add_staff(site, "ada@example.org", {"admin"}, FIRST_ORGANISATION_ID, "Ada")
    cora = add_staff(site, "cora@example.org", {"coordinator"}, FIRST_ORGANISATION_ID, "Cora")
    coras = site.client()
    sign_in(coras, "cora@example.org")
    admin = site.client()
    sign_in(admin, "ada@example.org")
    token = csrf_token(admin, "/staff")
    admin.post(f"/staff/accounts/{cora}/disable", data={"csrf_token": token})
    listed = admin.get("/staff/accounts").get_data(as_text=True)
    assert "Cora&#39;s account is disabled and they are signed out everywhere." in listed
    assert coras.get("/staff").status_code == 302  # signed out
    refused = sign_in(site.client(), "cora@example.org")
    assert refused.status_code != 302  # the sign-in page again, not the staff home
