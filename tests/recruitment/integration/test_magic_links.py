"""Participants' magic links against a real (SQLite) database: one use, one purpose, expiring,
revocable, and nobody learns from the answers who has signed up."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from services.recruitment.bootstrap import bootstrap
from services.recruitment.config import load_settings
from services.recruitment.entrypoints.app import create_app
from services.recruitment.web import bus
from shared.bus.tables import outbox
from shared.magic_links import link_url
from tests.support import migrated_engine

PERSON = {
    "preferred_name": "Ann",
    "phone": "07123 456789",
    "email": "ann@example.com",
    "preferred_channel": "sms",
    "consent": True,
    "consent_version": "v1",
}


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    app = create_app(
        bootstrap(settings=load_settings(), engine=migrated_engine("recruitment", tmp_path))
    )
    app.config["SECRET_KEY"] = "magic-link-tests"
    app.extensions["engine"] = bus(app).dependencies["engine"]
    return app


def sign_up(app: Flask, **changes: object) -> str:
    return (
        app.test_client()
        .post("/api/recruitment/participants", json={**PERSON, **changes})
        .json["participant_id"]
    )


def csrf(client: FlaskClient, path: str) -> str:
    return re.search(
        r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)
    ).group(1)  # type: ignore[union-attr]


def issued_links(app: Flask) -> list[dict]:
    with app.extensions["engine"].connect() as conn:
        rows = conn.execute(select(outbox.c.event_type, outbox.c.payload)).all()
    return [json.loads(p)["data"] for t, p in rows if t == "MagicLinkIssued"]


def ask_for_link(app: Flask, contact: str) -> str:
    client = app.test_client()
    page = client.post(
        "/join/link", data={"csrf_token": csrf(client, "/join/link"), "contact": contact}
    )
    assert page.status_code == 200
    return page.get_data(as_text=True)


def address_of(app: Flask, link: dict, purpose: str = "me") -> str:
    url = link_url("http://x", app.config["SECRET_KEY"], link["link_id"], purpose)
    return url.removeprefix("http://x")


def open_link(client: FlaskClient, path: str):  # type: ignore[no-untyped-def]
    return client.post(path, data={"csrf_token": csrf(client, "/join/link")})


def test_a_link_is_sent_to_the_channel_typed_and_opens_the_page_once(app: Flask) -> None:
    participant_id = sign_up(app)
    assert "Check your phone or email" in ask_for_link(app, "07123 456789")
    [link] = issued_links(app)
    assert (link["participant_id"], link["channel"], link["purpose"]) == (
        participant_id,
        "sms",
        "me",
    )

    client = app.test_client()
    path = address_of(app, link)
    confirm = client.get(path)
    assert confirm.status_code == 200 and "Continue" in confirm.get_data(as_text=True)
    # same-origin: the Continue button posts back here, and over HTTPS flask-wtf checks the
    # Referer; no other site ever sees the address with its token.
    assert confirm.headers["Referrer-Policy"] == "same-origin"
    opened = open_link(client, path)
    assert opened.status_code == 302 and opened.headers["Location"] == "/join/me"
    page = client.get("/join/me").get_data(as_text=True)
    assert "Hello Ann" in page and "07123 456789" in page

    again = open_link(app.test_client(), path)
    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)


def test_unknown_contacts_get_the_same_answer_and_nothing_is_sent(app: Flask) -> None:
    sign_up(app)
    known = ask_for_link(app, "ann@example.com")
    unknown = ask_for_link(app, "nobody@example.com")
    nonsense = ask_for_link(app, "12345")
    assert "Check your phone or email" in known and "Check your phone or email" in unknown
    assert "Check your phone or email" in nonsense
    assert [link["channel"] for link in issued_links(app)] == ["email"]


def test_tampered_wrong_purpose_and_expired_links_are_refused(app: Flask) -> None:
    sign_up(app)
    ask_for_link(app, "07123 456789")
    [link] = issued_links(app)
    good = address_of(app, link)

    tampered = good[:-3] + ("aaa" if not good.endswith("aaa") else "bbb")
    assert app.test_client().get(tampered).status_code == 404
    other_purpose = good.replace("/join/link/me/", "/join/link/book/")
    assert app.test_client().get(other_purpose).status_code == 404

    class FourDaysAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 4 * 24 * 3600

    signer = URLSafeTimedSerializer(
        app.config["SECRET_KEY"], salt="chorus-magic-link:me", signer=FourDaysAgo
    )
    old = signer.dumps(link["link_id"])
    expired = app.test_client().get(f"/join/link/me/{old}")
    assert expired.status_code == 410 and "too old" in expired.get_data(as_text=True)
    assert open_link(app.test_client(), good).status_code == 302  # the real one still works


def test_stopping_links_revokes_the_others_and_signs_out(app: Flask) -> None:
    sign_up(app)
    ask_for_link(app, "07123 456789")
    ask_for_link(app, "07123 456789")
    first, second = (address_of(app, link) for link in issued_links(app))
    client = app.test_client()
    open_link(client, first)
    client.post("/join/me/stop-links", data={"csrf_token": csrf(client, "/join/me")})

    assert client.get("/join/me").headers["Location"] == "/join/link?next=%2Fjoin%2Fme"
    refused = open_link(app.test_client(), second)
    assert refused.status_code == 410 and "stopped" in refused.get_data(as_text=True)


def test_a_participant_only_ever_sees_their_own_page(app: Flask) -> None:
    sign_up(app)
    sign_up(app, preferred_name="Bea", phone="07400 123456", email="bea@example.com")
    ask_for_link(app, "bea@example.com")
    [link] = issued_links(app)
    client = app.test_client()
    open_link(client, address_of(app, link))
    page = client.get("/join/me").get_data(as_text=True)
    assert "Bea" in page and "Ann" not in page and "07123 456789" not in page
    assert app.test_client().get("/join/me").headers["Location"] == "/join/link?next=%2Fjoin%2Fme"
