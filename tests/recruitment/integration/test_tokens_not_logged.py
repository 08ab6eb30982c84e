"""Magic-link tokens never reach the access logs: a real link, asked for and opened through the
real nginx (deploy/local/proxy.sh, the production template) in front of a real gunicorn
(started as deploy/local/Procfile starts it), leaves the path in both logs with the token
replaced by [redacted], and the token itself nowhere. A calendar feed's secret neither."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from shared.bus.tables import outbox
from shared.magic_links import link_url
from tests.support import ROOT, answers, migrated_engine, wait_until

SECRET = "token-log-tests"
PROXY_NAME = "proxy-token-logs"
NOWHERE = "127.0.0.1:9"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[tuple[str, Path, Path, object]]:
    engine = migrated_engine("recruitment", tmp_path)
    web, proxy = free_port(), free_port()
    access_log = tmp_path / "gunicorn-access.log"
    env = {
        **os.environ,
        "RECRUITMENT_DATABASE_URL": str(engine.url),
        "SECRET_KEY": SECRET,
        "PROXY_PORT": str(proxy),
        "PROXY_NAME": PROXY_NAME,
        "RECRUITMENT_UPSTREAM": f"127.0.0.1:{web}",
        "SCHEDULING_UPSTREAM": NOWHERE,
        "PAYMENTS_UPSTREAM": NOWHERE,
        "NOTIFICATIONS_UPSTREAM": NOWHERE,
    }
    # The Procfile's command line, with the access log in a file of its own.
    procfile = (ROOT / "deploy/local/Procfile").read_text()
    line = next(x for x in procfile.splitlines() if x.startswith("recruitment-web:"))
    assert "--logger-class shared.access_log.RedactingLogger" in line
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--no-control-socket", "--bind", f"127.0.0.1:{web}",
         "--workers", "1", "--access-logfile", str(access_log),
         "--logger-class", "shared.access_log.RedactingLogger",
         "services.recruitment.entrypoints.app:create_app()"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    proxy_log = ROOT / "var" / "log" / f"{PROXY_NAME}.log"
    proxy_log.unlink(missing_ok=True)
    script = ROOT / "deploy/local/proxy.sh"
    try:
        wait_until(lambda: answers(f"http://127.0.0.1:{web}/health/live"), timeout=90, what="web")
        started = subprocess.run([str(script), "start"], env=env, capture_output=True, text=True)
        assert started.returncode == 0, started.stderr
        yield f"http://127.0.0.1:{proxy}", access_log, proxy_log, engine
    finally:
        subprocess.run([str(script), "stop"], env=env, capture_output=True)
        gunicorn.terminate()
        gunicorn.wait(timeout=20)


def csrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10).text
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def test_a_real_link_opened_through_nginx_and_gunicorn_is_redacted_in_both_logs(
    stack: tuple[str, Path, Path, object],
) -> None:
    base, access_log, proxy_log, engine = stack
    person = {"preferred_name": "Tok", "phone": "07123 450777", "email": "tok@example.com"}
    answer = requests.post(
        f"{base}/api/recruitment/participants",
        json={**person, "preferred_channel": "email", "consent": True, "consent_version": "1"},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    browser = requests.Session()
    token_field = csrf(browser, f"{base}/join/link")
    sent = browser.post(
        f"{base}/join/link", data={"csrf_token": token_field, "contact": person["email"]}
    )
    assert sent.status_code == 200
    with engine.connect() as conn:  # type: ignore[attr-defined]
        payloads = conn.execute(
            select(outbox.c.payload).where(outbox.c.event_type == "MagicLinkIssued")
        ).scalars()
        [link_id] = [json.loads(p)["data"]["link_id"] for p in payloads]
    url = link_url(base, SECRET, link_id, "me")
    token = url.rsplit("/", 1)[1]

    opened = browser.post(url, data={"csrf_token": csrf(browser, url)}, allow_redirects=False)
    assert opened.status_code == 302
    me = browser.get(base + opened.headers["Location"], headers={"Referer": url})
    assert me.status_code == 200 and "tok@example.com" in me.text
    # A calendar feed's secret is in its path too (scheduling is not running here: nginx
    # answers 502, and logs the request all the same).
    feed_secret = "a-calendar-feed-secret-that-only-its-hash-is-kept-of"
    requests.get(f"{base}/book/calendar/{feed_secret}.ics", timeout=10)
    again = browser.post(f"{url}/new", data={"csrf_token": csrf(browser, f"{base}/join/link")})
    assert again.status_code == 200  # a used link asks for a new one: that path has it too

    def logged() -> tuple[str, str]:
        return access_log.read_text(), proxy_log.read_text()

    # Each writes its line after the answer has gone: wait for the last request in both.
    wait_until(lambda: all("/new " in log for log in logged()), timeout=30, what="both logs")
    for log in logged():
        assert token not in log
        assert log.count("/join/link/me/[redacted]") >= 3, log  # GET, POST, POST .../new
        assert "/join/link/me/[redacted]/new" in log
    # nginx's access lines (its error log, in the same file, names a request whose upstream
    # failed, as it would a link's: only the access log is ours to shape).
    access = [r for r in logged()[1].splitlines() if " upstream=" in r]
    [feed] = [r for r in access if "/book/calendar/" in r]
    assert feed_secret not in feed and '"GET /book/calendar/[redacted] HTTP/1.1" 502' in feed
    # gunicorn logs the Referer too: the page reached from the link names it, redacted.
    came_from = next(r for r in logged()[0].splitlines() if "/join/me " in r)
    assert "/join/link/me/[redacted]" in came_from


def test_an_error_while_opening_a_link_is_logged_without_its_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from services.recruitment.bootstrap import bootstrap
    from services.recruitment.config import load_settings
    from services.recruitment.entrypoints.app import create_app
    from services.recruitment.links.service_layer import links

    app = create_app(
        bootstrap(settings=load_settings(), engine=migrated_engine("recruitment", tmp_path))
    )

    def broken(*_args: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(links, "redeem_link", broken)
    url = link_url("", app.config["SECRET_KEY"], "3f0c7b8e-0000-4000-8000-000000000001", "me")
    token = url.rsplit("/", 1)[1]
    client = app.test_client()
    with caplog.at_level("ERROR"):
        answer = client.post(url, data={"csrf_token": csrf_of(client)})
    assert answer.status_code == 500
    assert "Exception on /join/link/me/[redacted] [POST]" in caplog.text
    assert token not in caplog.text


def csrf_of(client: object) -> str:
    page = client.get("/join/link").get_data(as_text=True)  # type: ignore[attr-defined]
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
