"""Public sign-up pages are the activity's organisation's, on the real app and a real (SQLite)
database: the hospice's activity heads with its name (Welsh in Welsh) and logo, its footer links
to its privacy notice and gives its accessibility contact, and the page may load the logo; the
first organisation's (no logo, no notice) keeps the deployment's links; a page about no single
organisation stays the deployment's; staff pages use their organisation's logo and links."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from services.recruitment.activities.service_layer import activities
from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from services.recruitment.bootstrap import bootstrap
from services.recruitment.config import load_settings
from services.recruitment.entrypoints.app import create_app
from services.recruitment.organisations.commands import CreateOrganisation
from services.recruitment.organisations.domain.organisation import Details
from services.recruitment.organisations.service_layer import organisations
from shared.db import make_session_factory
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.page_parts import footer, footer_links, header_name, logo, text
from tests.recruitment.integration.test_leave_organisation import _activity
from tests.recruitment.integration.test_staff_auth import Site, sign_in
from tests.recruitment.integration.test_staff_organisations import add_staff
from tests.support import migrated_engine

HOSPICE = Details(
    "Wheatfields Hospice",
    "HOSPICE",
    "0113 496 0003",
    welsh_name="Hosbis Wheatfields",
    logo_url="https://logos.example.org/wheatfields.png",
    privacy_notice_url="https://wheatfields.example.org/privacy",
    accessibility_contact="access@wheatfields.example.org",
)
PERSON = {
    "preferred_name": "Ann",
    "email": "ann@example.org",
    "preferred_channel": "email",
    "consent": "yes",
}


@dataclass
class World:
    site: Site
    hospice: str
    ours: str  # the first organisation's activity
    theirs: str  # the hospice's

    @property
    def app(self) -> Flask:
        return self.site.app


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setenv("ORGANISATION_NAME", "Leeds Teaching Hospitals")
    engine = migrated_engine("recruitment", tmp_path)
    app = create_app(bootstrap(settings=load_settings(), engine=engine))
    uows = lambda: RecruitmentUnitOfWork(make_session_factory(engine))  # noqa: E731
    hospice = organisations.create(CreateOrganisation(HOSPICE, None), uows(), None)
    ours = _activity(FIRST_ORGANISATION_ID, "Clinic letters", uows)
    theirs = _activity(hospice, "The hospice garden", uows)
    activities.add_channel(theirs, "qr_poster", "GARDEN", None, uows())
    return World(Site(app, engine), hospice, ours, theirs)


def assert_the_hospices(page: str, response: TestResponse) -> None:
    assert header_name(page) == "Wheatfields Hospice"
    assert logo(page) == (HOSPICE.logo_url, "Wheatfields Hospice logo")
    links = footer_links(page)
    assert links["Privacy"] == "https://wheatfields.example.org/privacy"
    assert "Accessibility statement" not in links  # its contact instead of ours
    assert "Problems using this page? Contact access@wheatfields.example.org" in footer(page)
    policy = response.headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://logos.example.org;" in policy


def assert_the_deployments(page: str, response: TestResponse, name: str) -> None:
    assert header_name(page) == name
    assert logo(page) is None
    links = footer_links(page)
    assert links["Privacy"] == "/privacy"
    assert links["Accessibility statement"] == "/accessibility"
    assert "Problems using this page" not in page
    assert "img-src 'self' data:;" in response.headers["Content-Security-Policy"]


def test_the_hospices_sign_up_page_is_the_hospices(world: World) -> None:
    client = world.app.test_client()
    for path in (f"/join/activities/{world.theirs}", "/join/GARDEN"):
        response = client.get(path)
        assert response.status_code == 200
        page = text(response)
        assert "The hospice garden" in page
        assert_the_hospices(page, response)


def test_the_hospices_confirmation_page_is_the_hospices(world: World) -> None:
    world.app.config["WTF_CSRF_ENABLED"] = False
    response = world.app.test_client().post("/join/GARDEN", data=PERSON)
    assert response.status_code == 200
    page = text(response)
    assert "Thank you for signing up" in page
    assert_the_hospices(page, response)


def test_in_welsh_the_page_heads_with_the_welsh_name(world: World) -> None:
    response = world.app.test_client().get(f"/join/activities/{world.theirs}?lang=cy")
    page = text(response)
    assert header_name(page) == "Hosbis Wheatfields"
    assert 'alt="Logo Hosbis Wheatfields"' in page
    assert "Cysylltwch â access@wheatfields.example.org" in footer(page)


def test_the_first_organisations_page_keeps_the_deployments_links(world: World) -> None:
    response = world.app.test_client().get(f"/join/activities/{world.ours}")
    assert response.status_code == 200
    assert_the_deployments(text(response), response, "Leeds Teaching Hospitals")


def test_a_page_about_no_single_organisation_is_the_deployments(world: World) -> None:
    client = world.app.test_client()
    for path in ("/join", "/join/link", "/staff/sign-in"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_the_deployments(text(response), response, "Leeds Teaching Hospitals")


def test_staff_pages_use_their_organisations_logo_and_links(world: World) -> None:
    add_staff(world.site, "bea@example.org", {"coordinator"}, world.hospice, "Bea")
    client = world.site.client()
    sign_in(client, "bea@example.org")
    response = client.get("/staff")
    page = text(response)
    assert "You are working in Wheatfields Hospice." in page
    assert_the_hospices(page, response)
