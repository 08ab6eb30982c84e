"""Recruitment's pages in Welsh through Flask: ?lang=cy switches, the choice is remembered in a
cookie, ?lang=en switches back, and form errors and error pages come out in Welsh too."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from services.recruitment.bootstrap import bootstrap
from services.recruitment.config import load_settings
from services.recruitment.entrypoints.app import create_app
from tests.support import migrated_engine


@pytest.fixture
def client(tmp_path: Path) -> FlaskClient:
    return create_app(
        bootstrap(settings=load_settings(), engine=migrated_engine("recruitment", tmp_path))
    ).test_client()


def text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.get_data(as_text=True))


def test_welsh_is_chosen_remembered_and_switched_back(client: FlaskClient) -> None:
    welsh = client.get("/staff/sign-in?lang=cy")
    page = text(welsh)
    assert welsh.status_code == 200
    assert '<html lang="cy">' in page
    assert "<title>Mewngofnodi \u2013 Chorus</title>" in page
    assert "Neidio i'r prif gynnwys" in page and "Cyfeiriad e-bost" in page
    assert "Cyfrinair" in page and "Datganiad hygyrchedd" in page
    assert "Skip to main content" not in page and "Email address" not in page
    assert re.search(
        r'<a [^>]*href="/staff/sign-in\?lang=en" hreflang="en" lang="en">English</a>', page
    )
    assert "chorus_lang=cy" in welsh.headers["Set-Cookie"]

    remembered = text(client.get("/staff/sign-in"))
    assert '<html lang="cy">' in remembered and "Mewngofnodi" in remembered

    english = client.get("/?lang=en")
    page = text(english)
    assert '<html lang="en">' in page and "Help shape health services" in page
    assert 'href="/?lang=cy" hreflang="cy" lang="cy">Cymraeg</a>' in page
    assert "chorus_lang=en" in english.headers["Set-Cookie"]
    assert '<html lang="en">' in text(client.get("/privacy"))


def test_welsh_pages_for_participants(client: FlaskClient) -> None:
    home = text(client.get("/?lang=cy"))
    assert "Helpwch i lunio gwasanaethau iechyd" in home
    assert "Preifatrwydd" in home and "Mewngofnodi staff" in home
    ask = text(client.get("/join/link"))
    assert "Cael dolen i'ch tudalen" in ask and "Anfon dolen ataf i" in ask


def test_form_errors_are_in_welsh(client: FlaskClient) -> None:
    page = text(client.get("/staff/sign-in?lang=cy"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    refused = client.post("/staff/sign-in", data={"csrf_token": token, "email": "", "password": ""})
    page = text(refused)
    assert refused.status_code == 400
    assert "<title>Gwall: Mewngofnodi \u2013 Chorus</title>" in page
    assert "Mae problem wedi codi" in page
    assert "Rhowch eich cyfeiriad e-bost." in page and "Rhowch eich cyfrinair." in page


def test_error_pages_are_in_welsh(client: FlaskClient) -> None:
    missing = client.get("/no-such-page?lang=cy")
    page = text(missing)
    assert missing.status_code == 404
    assert "Heb ddod o hyd i'r dudalen" in page and "Mynd i hafan Chorus" in page
