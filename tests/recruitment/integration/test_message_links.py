"""Message links (minted by notifications for each message) redeemed by recruitment, against a
real SQLite database: they open once, land inside their purpose's pages, stop with "stop all my
links", and a used or expired one sends a fresh issued link to the same channel. Also signing
in from a page that asked for it comes back to that page."""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path

import pytest
from flask import Flask
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from services.recruitment.adapters.orm import magic_links
from services.recruitment.bootstrap import bootstrap
from services.recruitment.config import load_settings
from services.recruitment.entrypoints.app import create_app
from services.recruitment.rights.service_layer import rights
from services.recruitment.web import bus
from shared.magic_links import message_link_url
from shared.send_limits import PER_RECIPIENT, send_limits
from tests.recruitment.integration.test_magic_links import (
    address_of,
    csrf,
    issued_links,
    open_link,
    sign_up,
)
from tests.support import migrated_engine


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    app = create_app(
        bootstrap(settings=load_settings(), engine=migrated_engine("recruitment", tmp_path))
    )
    app.config["SECRET_KEY"] = "message-link-tests"
    app.extensions["engine"] = bus(app).dependencies["engine"]
    return app


def message_link(app: Flask, participant_id: str, purpose: str, channel: str, next_path=None):  # type: ignore[no-untyped-def]
    url = message_link_url(
        "http://x", app.config["SECRET_KEY"], participant_id, purpose, channel, next_path
    )
    return url.removeprefix("http://x")


def new_link_form(page: str) -> str:
    found = re.search(r'<form method="post" action="([^"]+/new[^"]*)"', page)
    assert found, "the refusal offers a new link"
    return found.group(1).replace("&amp;", "&")


def test_a_message_link_opens_once_lands_on_its_page_and_a_used_one_sends_a_new_link(
    app: Flask,
) -> None:
    participant_id = sign_up(app)
    activity = str(uuid.uuid4())
    path = message_link(app, participant_id, "book", "email", f"/book/activities/{activity}")
    client = app.test_client()
    confirm = client.get(path)
    # Continue posts back with its ?next=; opening the page changes nothing.
    assert confirm.status_code == 200
    assert f'action="{path}"' in confirm.get_data(as_text=True)
    with app.extensions["engine"].connect() as conn:
        assert conn.execute(select(magic_links)).all() == []
    opened = open_link(client, path)
    assert opened.status_code == 302 and opened.location == f"/book/activities/{activity}"

    again = open_link(app.test_client(), path)
    page = again.get_data(as_text=True)
    assert again.status_code == 410 and "already been used" in page
    other = app.test_client()
    sent = other.post(new_link_form(page), data={"csrf_token": csrf(other, "/join/link")})
    assert sent.status_code == 200 and "Check your phone or email" in sent.get_data(as_text=True)
    [fresh] = issued_links(app)
    assert (fresh["participant_id"], fresh["purpose"], fresh["channel"]) == (
        participant_id,
        "book",
        "email",
    )
    # The fresh link lands where the old one did.
    landed = open_link(app.test_client(), address_of(app, fresh, "book"))
    assert landed.location == f"/book/activities/{activity}"


def test_a_message_link_never_lands_outside_its_purpose(app: Flask) -> None:
    participant_id = sign_up(app)
    for unsafe in ("//evil.example/book", "/pay/bank", "https://evil.example", "/book\\x"):
        path = message_link(app, participant_id, "book", "sms", unsafe)
        assert open_link(app.test_client(), path).location == "/book", unsafe


def test_a_message_link_of_someone_erased_tampered_or_for_another_purpose_is_refused(
    app: Flask,
) -> None:
    participant_id = sign_up(app)
    good = message_link(app, participant_id, "pay", "sms")
    tampered = good[:-3] + ("aaa" if not good.endswith("aaa") else "bbb")
    for refused in (tampered, good.replace("/join/link/pay/", "/join/link/book/")):
        answer = open_link(app.test_client(), refused)
        page = answer.get_data(as_text=True)
        assert answer.status_code == 404 and "Check you copied the whole link" in page
        assert "Send me a new link" not in page
        client = app.test_client()
        client.post(f"{refused}/new", data={"csrf_token": csrf(client, "/join/link")})
    erased = message_link(app, participant_id, "pay", "sms")
    rights.erase(participant_id, bus(app).uow_factory())
    assert open_link(app.test_client(), erased).status_code == 404
    with app.extensions["engine"].connect() as conn:
        assert conn.execute(select(magic_links)).all() == []
    assert issued_links(app) == []  # tampered links asked for nothing either


def test_an_expired_message_link_offers_a_new_one_to_the_same_channel(app: Flask) -> None:
    participant_id = sign_up(app)

    class FourDaysAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 4 * 24 * 3600

    signer = URLSafeTimedSerializer(
        app.config["SECRET_KEY"], salt="chorus-magic-link:me", signer=FourDaysAgo
    )
    old = signer.dumps([uuid.UUID(participant_id).hex, "email", "nonce1"])
    answer = open_link(app.test_client(), f"/join/link/me/{old}?next=/join/me/details")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 410 and "too old" in page
    client = app.test_client()
    client.post(new_link_form(page), data={"csrf_token": csrf(client, "/join/link")})
    [fresh] = issued_links(app)
    assert (fresh["purpose"], fresh["channel"]) == ("me", "email")
    assert open_link(app.test_client(), address_of(app, fresh)).location == "/join/me/details"


def test_stopping_all_links_stops_message_links_sent_before(app: Flask) -> None:
    participant_id = sign_up(app)
    before = message_link(app, participant_id, "me", "sms")
    client = app.test_client()
    open_link(client, message_link(app, participant_id, "me", "sms"))
    client.post("/join/me/stop-links", data={"csrf_token": csrf(client, "/join/me")})
    refused = open_link(app.test_client(), before)
    assert refused.status_code == 410 and "stopped" in refused.get_data(as_text=True)
    time.sleep(1.1)  # signatures count whole seconds
    after = message_link(app, participant_id, "me", "sms")
    assert open_link(app.test_client(), after).location == "/join/me"


def test_signing_in_comes_back_to_the_page_asked_for(app: Flask) -> None:
    sign_up(app)
    client = app.test_client()
    asked = client.get("/join/me/data")
    assert asked.location == "/join/link?next=%2Fjoin%2Fme%2Fdata"
    form = client.get("/join/link?next=/pay/expenses").get_data(as_text=True)
    assert '<input type="hidden" name="next" value="/pay/expenses">' in form
    for next_path, purpose, lands in (
        ("/pay/expenses", "pay", "/pay/expenses"),
        ("/book/bookings/b1", "book", "/book/bookings/b1"),
        ("/join/me/data", "me", "/join/me/data"),
        ("//evil.example", "me", "/join/me"),
    ):
        data = {"csrf_token": csrf(client, "/join/link"), "contact": "07123 456789"}
        with app.extensions["engine"].begin() as conn:  # four links in a row: past the limit
            conn.execute(send_limits.delete())
        client.post("/join/link", data={**data, "next": next_path})
        link = issued_links(app)[-1]
        assert link["purpose"] == purpose, next_path
        assert open_link(app.test_client(), address_of(app, link, purpose)).location == lands


def test_new_links_count_against_the_per_recipient_limit_even_once_used(app: Flask) -> None:
    participant_id = sign_up(app)
    path = message_link(app, participant_id, "me", "email")
    open_link(app.test_client(), path)
    page = open_link(app.test_client(), path).get_data(as_text=True)  # used: offers a new one
    client = app.test_client()
    token = csrf(client, "/join/link")
    for _ in range(5):
        assert client.post(new_link_form(page), data={"csrf_token": token}).status_code == 200
        for fresh in issued_links(app):  # each one opened at once: used links count too
            open_link(app.test_client(), address_of(app, fresh))
    assert len(issued_links(app)) == PER_RECIPIENT.most
