"""The app's own per-address limit behind nginx's (recruitment on a real SQLite database): past
PER_ADDRESS.most sending or sign-in POSTs an address gets 429 with Retry-After (a page in
English or Welsh, JSON for the API), other addresses carry on, and X-Forwarded-For counts only
when it comes from a trusted proxy, so a client cannot rotate it to escape the limit."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from services.recruitment.bootstrap import bootstrap
from services.recruitment.config import load_settings
from services.recruitment.entrypoints.app import create_app
from shared.send_limits import PER_ADDRESS
from tests.recruitment.integration.test_magic_links import csrf
from tests.support import migrated_engine

PERSON = {
    "preferred_name": "Ad",
    "phone": "07123 450888",
    "email": None,
    "preferred_channel": "sms",
    "consent": True,
    "consent_version": "2026-11",
}


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return create_app(
        bootstrap(settings=load_settings(), engine=migrated_engine("recruitment", tmp_path))
    )


def client_at(app: Flask, peer: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = peer
    return client


def ask(client: FlaskClient, token: str, forwarded_for: str | None = None, lang: str = "en"):  # type: ignore[no-untyped-def]
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    data = {"csrf_token": token, "contact": "07123 000000"}
    return client.post(f"/join/link?lang={lang}", data=data, headers=headers)


def test_an_address_past_its_share_gets_429_with_retry_after_and_others_carry_on(
    app: Flask,
) -> None:
    proxy = client_at(app, "127.0.0.1")  # nginx, which names the client in X-Forwarded-For
    token = csrf(proxy, "/join/link")
    for _ in range(PER_ADDRESS.most):
        assert ask(proxy, token, "203.0.113.7").status_code == 200

    refused = ask(proxy, token, "203.0.113.7")
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= PER_ADDRESS.window.total_seconds()
    page = refused.get_data(as_text=True)
    assert "You have tried this too many times" in page and 'class="nhsuk-' in page
    welsh = ask(proxy, token, "203.0.113.7", lang="cy").get_data(as_text=True)
    assert "Rydych chi wedi rhoi cynnig ar hyn ormod o weithiau" in welsh

    api = proxy.post(
        "/api/recruitment/participants", json=PERSON, headers={"X-Forwarded-For": "203.0.113.7"}
    )
    assert api.status_code == 429 and api.json["code"] == 429
    assert int(api.headers["Retry-After"]) > 0
    signing_in = proxy.post(
        "/staff/sign-in",
        data={"csrf_token": token, "email": "a@example.com", "password": "x"},
        headers={"X-Forwarded-For": "203.0.113.7"},
    )
    assert signing_in.status_code == 429

    assert ask(proxy, token, "203.0.113.8").status_code == 200  # someone else is not held up


def test_a_client_cannot_escape_the_limit_by_sending_its_own_forwarded_for(app: Flask) -> None:
    stranger = client_at(app, "198.51.100.20")  # reached the service directly, not via nginx
    token = csrf(stranger, "/join/link")
    answers = [
        ask(stranger, token, f"203.0.113.{n}").status_code for n in range(PER_ADDRESS.most + 1)
    ]
    assert answers == [200] * PER_ADDRESS.most + [429]


def test_the_host_itself_is_not_limited(app: Flask) -> None:
    local = client_at(app, "127.0.0.1")
    token = csrf(local, "/join/link")
    assert {ask(local, token).status_code for _ in range(PER_ADDRESS.most + 1)} == {200}


def test_address_limit_per_10_minutes_sets_the_share(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """make compose-test's clients all reach nginx from the podman gateway: one address."""
    monkeypatch.setenv("ADDRESS_LIMIT_PER_10_MINUTES", "2")
    proxy = client_at(app, "127.0.0.1")
    token = csrf(proxy, "/join/link")
    assert [ask(proxy, token, "203.0.113.9").status_code for _ in range(3)] == [200, 200, 429]
