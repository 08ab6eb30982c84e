"""Staff sign-in against a real (SQLite) database: argon2 hashes, CSRF on every form, lockout,
per-address limits, sign-out everywhere, and admin-only account creation."""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from services.recruitment.bootstrap import bootstrap
from services.recruitment.config import load_settings
from services.recruitment.entrypoints.app import create_app
from services.recruitment.staff.adapters.passwords import Argon2Passwords
from services.recruitment.staff.domain.staff import MAX_FAILED_SIGN_INS
from services.recruitment.staff.service_layer.staff import MAX_FAILURES_PER_ADDRESS, create_staff
from shared.bus.tables import outbox
from shared.config import Secret
from shared.db import make_session_factory
from tests.support import migrated_engine

PASSWORD = "correct horse battery staple"


@dataclass
class Site:
    app: Flask
    engine: Engine

    def client(self) -> FlaskClient:
        return self.app.test_client()

    def add_staff(self, email: str, roles: set[str], name: str = "Alex") -> str:
        uow = RecruitmentUnitOfWork(make_session_factory(self.engine))
        return create_staff(email, name, PASSWORD, roles, None, uow, Argon2Passwords())


@pytest.fixture
def site(tmp_path: Path) -> Site:
    engine = migrated_engine("recruitment", tmp_path)
    return Site(create_app(bootstrap(settings=load_settings(), engine=engine)), engine)


def csrf_token(client: FlaskClient, path: str = "/staff/sign-in") -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def sign_in(
    client: FlaskClient, email: str, password: str = PASSWORD, next_: str = "", **environ: str
):  # type: ignore[no-untyped-def]
    form = {"csrf_token": csrf_token(client), "email": email, "password": password, "next": next_}
    return client.post("/staff/sign-in", data=form, environ_base=environ)


def test_a_coordinator_signs_in_and_out(site: Site) -> None:
    site.add_staff("cora@example.org", {"coordinator"}, name="Cora")
    client = site.client()

    signed_in = sign_in(client, "Cora@Example.org")
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/staff"
    home = client.get("/staff")
    assert home.status_code == 200 and "Hello Cora" in home.get_data(as_text=True)
    cookie = signed_in.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie

    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/staff")})
    assert client.get("/staff").headers["Location"] == "/staff/sign-in?next=%2Fstaff"


def test_sign_in_goes_back_to_the_page_asked_for_but_never_off_site(site: Site) -> None:
    site.add_staff("cora@example.org", {"coordinator"})
    assert (
        sign_in(site.client(), "cora@example.org", next_="/staff?x=1").headers["Location"]
        == "/staff?x=1"
    )
    for elsewhere in ("https://evil.example", "//evil.example", "/\\evil.example"):
        assert (
            sign_in(site.client(), "cora@example.org", next_=elsewhere).headers["Location"]
            == "/staff"
        )


def test_wrong_password_and_unknown_email_get_the_same_answer(site: Site) -> None:
    site.add_staff("cora@example.org", {"coordinator"})
    wrong = sign_in(site.client(), "cora@example.org", "not the password")
    unknown = sign_in(site.client(), "nobody@example.org")
    assert wrong.status_code == unknown.status_code == 401
    for response in (wrong, unknown):
        assert "The email address or password is wrong" in response.get_data(as_text=True)


def test_an_account_locks_after_repeated_failures(site: Site) -> None:
    site.add_staff("cora@example.org", {"coordinator"})
    for _ in range(MAX_FAILED_SIGN_INS):
        assert sign_in(site.client(), "cora@example.org", "guess").status_code == 401
    assert sign_in(site.client(), "cora@example.org").status_code == 401  # right password, locked


def test_one_address_guessing_across_accounts_is_stopped(site: Site) -> None:
    site.add_staff("cora@example.org", {"coordinator"})
    for n in range(MAX_FAILURES_PER_ADDRESS):
        sign_in(site.client(), f"guess{n}@example.org", "guess", REMOTE_ADDR="203.0.113.9")
    assert sign_in(site.client(), "cora@example.org", REMOTE_ADDR="203.0.113.9").status_code == 401
    assert sign_in(site.client(), "cora@example.org", REMOTE_ADDR="203.0.113.10").status_code == 302


def test_a_form_without_its_csrf_token_is_refused(site: Site) -> None:
    site.add_staff("cora@example.org", {"coordinator"})
    client = site.client()
    refused = client.post(
        "/staff/sign-in", data={"email": "cora@example.org", "password": PASSWORD}
    )
    assert refused.status_code == 400
    assert "This form has expired" in refused.get_data(as_text=True)
    forged = client.post(
        "/staff/sign-in",
        data={"csrf_token": "forged", "email": "cora@example.org", "password": PASSWORD},
    )
    assert forged.status_code == 400
    assert client.get("/staff").status_code == 302  # still not signed in


def test_sign_out_everywhere_ends_every_session_and_tells_the_other_services(site: Site) -> None:
    staff_id = site.add_staff("cora@example.org", {"coordinator"})
    laptop, phone = site.client(), site.client()
    sign_in(laptop, "cora@example.org")
    sign_in(phone, "cora@example.org")
    assert phone.get("/staff").status_code == 200

    laptop.post("/staff/sign-out-everywhere", data={"csrf_token": csrf_token(laptop, "/staff")})

    assert phone.get("/staff").status_code == 302
    assert laptop.get("/staff").status_code == 302
    with site.engine.connect() as conn:
        rows = conn.execute(select(outbox.c.topic, outbox.c.payload)).all()
    revoked = [json.loads(p)["data"] for t, p in rows if t == "recruitment.staff"]
    assert [r["staff_id"] for r in revoked] == [staff_id]
    assert sign_in(phone, "cora@example.org").status_code == 302  # signing in again works


def test_only_an_admin_creates_accounts_and_the_new_person_can_sign_in(site: Site) -> None:
    site.add_staff("ada@example.org", {"admin"}, name="Ada")
    site.add_staff("cora@example.org", {"coordinator"})
    coordinator = site.client()
    sign_in(coordinator, "cora@example.org")
    assert coordinator.get("/staff/accounts/new").status_code == 403

    admin = site.client()
    sign_in(admin, "ada@example.org")
    token = csrf_token(admin, "/staff/accounts/new")
    bad = admin.post(
        "/staff/accounts/new",
        data={
            "csrf_token": token,
            "display_name": "Finn",
            "email": "finn@example.org",
            "password": "short",
        },
    )
    assert bad.status_code == 400
    page = bad.get_data(as_text=True)
    assert (
        "Use a password of at least 12 characters." in page and "Choose at least one role." in page
    )
    made = admin.post(
        "/staff/accounts/new",
        data={
            "csrf_token": token,
            "display_name": "Finn",
            "email": "finn@example.org",
            "password": "a long enough password",
            "roles": ["finance_approver"],
        },
    )
    assert made.headers["Location"] == "/staff/accounts"
    assert "Account created for Finn." in admin.get("/staff/accounts").get_data(as_text=True)
    assert sign_in(site.client(), "finn@example.org", "a long enough password").status_code == 302


def test_security_headers_on_pages_and_apis(site: Site) -> None:
    client = site.client()
    for path in ("/", "/staff/sign-in", "/api/recruitment/nothing-here", "/health/live"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "Strict-Transport-Security" not in headers  # plain HTTP: no HSTS
    behind_tls = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert behind_tls.headers["Strict-Transport-Security"].startswith("max-age=")


def test_error_pages_are_friendly_for_people_and_json_for_apis(site: Site) -> None:
    client = site.client()
    page = client.get("/no-such-page")
    assert page.status_code == 404 and "Page not found" in page.get_data(as_text=True)
    api = client.get("/api/recruitment/no-such-thing")
    assert api.status_code == 404 and api.json == {"code": 404, "status": "Not Found"}


def test_outside_development_the_session_cookie_is_secure(tmp_path: Path) -> None:
    engine = migrated_engine("recruitment", tmp_path)
    settings = dataclasses.replace(load_settings(), env="production", secret_key=Secret("s" * 32))
    site = Site(create_app(bootstrap(settings=settings, engine=engine)), engine)
    site.add_staff("cora@example.org", {"coordinator"})
    client, origin = site.client(), "https://chorus.example.nhs.uk"
    page = client.get("/staff/sign-in", base_url=origin).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    form = {"csrf_token": token, "email": "cora@example.org", "password": PASSWORD}
    signed_in = client.post(
        "/staff/sign-in", data=form, base_url=origin, headers={"Referer": f"{origin}/staff/sign-in"}
    )
    assert signed_in.status_code == 302
    cookie = signed_in.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_a_crash_shows_the_friendly_500_page_and_apis_get_json(site: Site) -> None:
    def boom() -> str:
        raise RuntimeError("a bug")

    site.app.add_url_rule("/boom", "boom", boom)
    site.app.add_url_rule("/api/recruitment/boom", "api_boom", boom)
    page = site.client().get("/boom")
    assert page.status_code == 500
    assert "Sorry, there is a problem with the service" in page.get_data(as_text=True)
    assert "a bug" not in page.get_data(as_text=True)
    api = site.client().get("/api/recruitment/boom")
    assert api.status_code == 500 and api.json == {"code": 500, "status": "Internal Server Error"}
