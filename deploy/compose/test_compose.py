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

from services.recruitment.participants.domain.phone import InvalidPhone, normalise_uk_mobile

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
        lambda: (
            subprocess.run(["podman", "healthcheck", "run", name], capture_output=True).returncode
            == 0
        ),
        timeout,
        f"{service} to be healthy",
    )


def unique_mobile() -> str:
    while True:  # some random 079 numbers are unallocated; phonenumbers refuses those
        try:
            return normalise_uk_mobile(f"+4479{random.randrange(10**8):08d}")
        except InvalidPhone:
            continue


def email_of(phone: str) -> str:
    return f"compose-{phone[1:]}@example.com"


def sign_up(phone: str, name: str = "Dee") -> str:
    response = requests.post(
        f"{BASE}/api/recruitment/participants",
        json={
            "preferred_name": name,
            "phone": phone,
            "email": email_of(phone),
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


def csrf_token(browser: requests.Session, path: str) -> str:
    html = browser.get(f"{BASE}{path}", timeout=10).text
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def admin() -> None:
    """The first admin, created as docs/operations.md says (inside a Chorus container)."""
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


@pytest.fixture
def staff(admin: None) -> tuple[requests.Session, str]:
    """A browser signed in as the admin at the public /staff, and its CSRF token for the APIs."""
    browser = requests.Session()
    form = {"csrf_token": csrf_token(browser, "/staff/sign-in"), "email": ADMIN_EMAIL}
    form |= {"password": ADMIN_PASSWORD, "next": ""}
    signed_in = browser.post(f"{BASE}/staff/sign-in", data=form, allow_redirects=False, timeout=10)
    assert signed_in.status_code == 302, signed_in.text
    return browser, csrf_token(browser, "/staff")


def book(staff: tuple[requests.Session, str], participant_ids: list[str]) -> str:
    """A new online session, and a place in it for each participant; returns its slot id."""
    browser, csrf = staff
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
    for pid in participant_ids:
        booked = browser.post(
            f"{BASE}/api/scheduling/slots/{slot_id}/bookings",
            headers={"X-CSRFToken": csrf},
            json={"participant_id": pid},
            timeout=10,
        )
        assert booked.status_code == 201, booked.text
    return session.json()["session_id"]


def test_the_public_address_serves_every_service() -> None:
    assert requests.get(f"{BASE}/proxy/health", timeout=5).status_code == 200
    for path in ("/join", "/staff/sign-in", "/messages/outbox"):
        assert requests.get(f"{BASE}{path}", timeout=10).status_code == 200, path
    # Internal only: metrics are not published through the proxy.
    assert requests.get(f"{BASE}/metrics", timeout=5).status_code == 404


def test_thin_journey_and_a_booking(staff: tuple[requests.Session, str]) -> None:
    phone = unique_mobile()
    pid = sign_up(phone)
    email = email_of(phone)
    wait_until(lambda: templates(phone) == ["welcome"], 90, "the welcome SMS")
    wait_until(lambda: templates(email) == ["welcome"], 60, "the welcome email")
    [sms] = outbox(phone)
    assert sms["body"].startswith("Hi Dee, thanks for joining Chorus."), sms

    book(staff, [pid])
    wait_until(
        lambda: "booking_confirmed" in templates(phone) + templates(email),
        90,
        "the booking confirmation",
    )


def started_at(service: str) -> str:
    return podman("inspect", "--format", "{{.State.StartedAt}}", container(service))


def test_restarting_kafka_and_a_consumer_loses_and_duplicates_nothing(
    staff: tuple[requests.Session, str],
) -> None:
    """People sign up and are booked before, during and after a Kafka restart and a
    notifications-consumer restart. Each gets exactly one welcome text, one welcome email and
    a booking confirmation; no message is sent twice; every booking is counted once."""
    phones: list[str] = []
    sessions: dict[str, int] = {}

    def sign_up_and_book(count: int) -> None:
        batch = [unique_mobile() for _ in range(count)]
        pids = [sign_up(phone) for phone in batch]
        sessions[book(staff, pids)] = count
        phones.extend(batch)

    sign_up_and_book(10)
    kafka_started = started_at("kafka")
    restart = subprocess.Popen(
        ["podman", "restart", "-t", "10", container("kafka")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # podman's complaint that there is no systemd for health timers
    )
    sign_up_and_book(10)  # while the broker stops and starts: the events wait in the outboxes
    assert restart.wait(timeout=120) == 0
    assert started_at("kafka") != kafka_started
    healthy("kafka")
    sign_up_and_book(5)
    consumer_started = started_at("notifications-consumer")
    podman("restart", "-t", "10", container("notifications-consumer"))  # mid-way through them
    assert started_at("notifications-consumer") != consumer_started
    sign_up_and_book(5)
    healthy("notifications-consumer")

    def messages(phone: str) -> list[tuple[str, str]]:
        return [(m["channel"], m["template"]) for m in outbox(phone) + outbox(email_of(phone))]

    def missing(phone: str) -> set[tuple[str, str]]:
        got = set(messages(phone))
        gaps = {("sms", "welcome"), ("email", "welcome")} - got
        if not any(template == "booking_confirmed" for _, template in got):
            gaps.add(("any", "booking_confirmed"))  # by the person's preferred channel
        return gaps

    def report(when: str) -> tuple[int, int]:
        lost = sum(len(missing(phone)) for phone in phones)
        duplicated = sum(len(m) - len(set(m)) for m in map(messages, phones))
        print(f"\nrestart check ({when}): {len(phones)} people, {len(phones) * 3} messages due,")
        print(f"  lost={lost} duplicated={duplicated}")
        return lost, duplicated

    try:
        wait_until(lambda: not any(map(missing, phones)), 300, "every message after the restarts")
    finally:
        report("all arrived")
    time.sleep(20)  # any late redelivery lands before the final count
    assert report("20 s later") == (0, 0)
    for session_id, count in sessions.items():
        details = staff[0].get(f"{BASE}/api/scheduling/sessions/{session_id}", timeout=10).json()
        assert details["bookings_count"] == count, details
