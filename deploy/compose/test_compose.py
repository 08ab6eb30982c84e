"""make compose-test's checks, against the podman-compose stack deploy/compose/run.sh started.

Only the public address (the proxy) is spoken to over HTTP; podman is used to restart containers,
run their health checks and create the first admin, as an operator would (docs/operations.md).
Not collected by `make test` (pyproject's testpaths is tests/): run.sh runs it by path.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from services.recruitment.domain.phone import InvalidPhone, normalise_uk_mobile

BASE = os.environ.get("CHORUS_PUBLIC_URL", "http://127.0.0.1:18000")
PROJECT = os.environ.get("COMPOSE_PROJECT_NAME", "chorus-compose-test")
ADMIN_EMAIL = "compose-admin@example.org"
ADMIN_PASSWORD = "compose-test-admin-password"
pytestmark = pytest.mark.timeout(1200)


def podman(*args: str) -> str:
    done = subprocess.run(["podman", *args], capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"podman {' '.join(args)}: {done.stderr}"
    return done.stdout.strip()


def container(service: str) -> str:
    return podman(
        "ps",
        "-a",
        "--format",
        "{{.Names}}",
        "--filter",
        f"label=io.podman.compose.project={PROJECT}",
        "--filter",
        f"label=com.docker.compose.service={service}",
    )


def wait_until(check: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
        except (requests.RequestException, AssertionError):
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(1)


def healthy(service: str, timeout: float = 180) -> None:
    name = container(service)
    wait_until(
        lambda: subprocess.run(["podman", "healthcheck", "run", name], capture_output=True)
        .returncode
        == 0,
        timeout,
        f"{service} to be healthy",
    )


def unique_mobile() -> str:
    while True:  # some random 079 numbers are unallocated; phonenumbers refuses those
        try:
            return normalise_uk_mobile(f"+4479{random.randrange(10**8):08d}")
        except InvalidPhone:
            continue


def sign_up(phone: str, name: str = "Dee") -> str:
    response = requests.post(
        f"{BASE}/api/recruitment/participants",
        json={
            "preferred_name": name,
            "phone": phone,
            "email": f"compose-{phone[1:]}@example.com",
            "preferred_channel": "sms",
            "consent": True,
            "consent_version": "2026-11",
        },
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return response.json()["participant_id"]


def outbox(address: str) -> list[dict]:
    response = requests.get(f"{BASE}/api/notifications/outbox", params={"to": address}, timeout=5)
    assert response.status_code == 200, response.text
    return [m for m in response.json() if m["status"] in {"sent", "failed"}]


def templates(address: str) -> list[str]:
    return sorted(m["template"] for m in outbox(address))


def staff_session() -> tuple[requests.Session, str]:
    """The first admin (created as docs/operations.md says), signed in at the public /staff."""
    podman(
        "exec",
        "-e",
        f"CHORUS_ADMIN_PASSWORD={ADMIN_PASSWORD}",
        container("recruitment-web"),
        "chorus",
        "create-admin",
        "--email",
        ADMIN_EMAIL,
        "--name",
        "Ada",
    )
    browser = requests.Session()

    def token(path: str) -> str:
        html = browser.get(f"{BASE}{path}", timeout=10).text
        return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]

    form = {"csrf_token": token("/staff/sign-in"), "email": ADMIN_EMAIL}
    form |= {"password": ADMIN_PASSWORD, "next": ""}
    signed_in = browser.post(f"{BASE}/staff/sign-in", data=form, allow_redirects=False, timeout=10)
    assert signed_in.status_code == 302, signed_in.text
    return browser, token("/staff")


def book(browser: requests.Session, csrf: str, participant_ids: list[str]) -> list[str]:
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
    session = browser.post(
        f"{BASE}/api/scheduling/sessions",
        headers={"X-CSRFToken": csrf},
        json={
            "activity_id": str(uuid.uuid4()),
            "activity_title": "Making GP appointments easier",
            "format": "online",
            "joining_url": "https://meet.example.org/chorus",
            "slots": [
                {
                    "starts_at": starts.isoformat(),
                    "ends_at": (starts + timedelta(hours=1)).isoformat(),
                    "capacity": 50,
                }
            ],
        },
        timeout=10,
    )
    assert session.status_code == 201, session.text
    [slot_id] = session.json()["slot_ids"]
    bookings = []
    for pid in participant_ids:
        booked = browser.post(
            f"{BASE}/api/scheduling/slots/{slot_id}/bookings",
            headers={"X-CSRFToken": csrf},
            json={"participant_id": pid},
            timeout=10,
        )
        assert booked.status_code == 201, booked.text
        bookings.append(booked.json()["booking_id"])
    return bookings


def test_the_public_address_serves_every_service() -> None:
    assert requests.get(f"{BASE}/proxy/health", timeout=5).status_code == 200
    for path in ("/join", "/staff/sign-in", "/messages/outbox"):
        assert requests.get(f"{BASE}{path}", timeout=10).status_code == 200, path
    # Internal only: metrics are not published through the proxy.
    assert requests.get(f"{BASE}/metrics", timeout=5).status_code == 404


def test_thin_journey_and_a_booking() -> None:
    phone = unique_mobile()
    pid = sign_up(phone)
    email = f"compose-{phone[1:]}@example.com"
    wait_until(lambda: templates(phone) == ["welcome"], 90, "the welcome SMS")
    wait_until(lambda: templates(email) == ["welcome"], 60, "the welcome email")
    [sms] = outbox(phone)
    assert sms["body"].startswith("Hi Dee, thanks for joining Chorus."), sms

    browser, csrf = staff_session()
    book(browser, csrf, [pid])
    wait_until(
        lambda: "booking_confirmed" in templates(phone) + templates(email),
        90,
        "the booking confirmation",
    )


def test_restarting_kafka_and_a_consumer_loses_and_duplicates_nothing() -> None:
    """Sign-ups before, during and after a Kafka restart and a notifications-consumer restart:
    each person gets exactly one welcome text, and a booking after it all still confirms."""
    phones: list[str] = []

    def sign_up_some(count: int) -> None:
        for _ in range(count):
            phones.append(unique_mobile())
            sign_up(phones[-1])

    sign_up_some(10)
    kafka = container("kafka")
    restart = subprocess.Popen(["podman", "restart", "-t", "10", kafka])
    sign_up_some(10)  # while the broker stops and starts: they wait in the outbox
    assert restart.wait(timeout=120) == 0
    healthy("kafka")
    sign_up_some(5)
    podman("restart", "-t", "10", container("notifications-consumer"))  # mid-way through them
    sign_up_some(5)
    healthy("notifications-consumer")

    def all_welcomed() -> bool:
        return all(templates(p).count("welcome") >= 1 for p in phones)

    try:
        wait_until(all_welcomed, 240, "every welcome SMS after the restarts")
    finally:
        counts = [templates(p).count("welcome") for p in phones]
        lost = sum(1 for c in counts if c == 0)
        duplicated = sum(c - 1 for c in counts if c > 1)
        print(f"\nrestart check: {len(phones)} sign-ups, lost={lost}, duplicated={duplicated}")
    time.sleep(20)  # let any late redelivery land before counting duplicates again
    counts = [templates(p).count("welcome") for p in phones]
    duplicated = sum(c - 1 for c in counts if c > 1)
    print(f"restart check after settling: lost=0, duplicated={duplicated}")
    assert duplicated == 0, counts

    browser, csrf = staff_session_again()
    pids = [sign_up(unique_mobile())]
    book(browser, csrf, pids)


def staff_session_again() -> tuple[requests.Session, str]:
    """Signs the admin in again (create-admin would refuse a second admin with that email)."""
    browser = requests.Session()
    html = browser.get(f"{BASE}/staff/sign-in", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    form = {"csrf_token": token, "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "next": ""}
    signed_in = browser.post(f"{BASE}/staff/sign-in", data=form, allow_redirects=False, timeout=10)
    assert signed_in.status_code == 302, signed_in.text
    html = browser.get(f"{BASE}/staff", timeout=10).text
    return browser, re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
