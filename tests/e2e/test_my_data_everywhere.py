"""Issue #13's "download my data" and erasure, through the real stack: a person signs up on the
web, is booked and marked attended in scheduling, is owed a fee in payments and is sent messages;
signed in by a real magic link, each service's download holds their data and nobody else's; after
they erase themselves, no table of any service holds their name, phone or email."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import requests
from sqlalchemy import create_engine, text

from services.recruitment.participants.domain.phone import normalise_uk_mobile
from services.scheduling.attendance import service_layer as attendance
from services.scheduling.attendance.commands import RecordAttendance
from services.scheduling.booking.commands import BookSlot
from services.scheduling.booking.service_layer import booking as handlers
from services.scheduling.bootstrap import uow_factory
from shared.db import make_engine
from shared.magic_links import message_link_url
from tests.e2e.conftest import Stack
from tests.e2e.test_payment_journey import SECRET_KEY, staff
from tests.e2e.test_recruitment_journeys import open_activity_with_code, recruitment_uow
from tests.e2e.test_sms_booking import add_session
from tests.e2e.test_thin_journey import unique_mobile
from tests.erasure_walk import phone_forms, wait_until_no_trace
from tests.support import wait_until

SERVICES = ("recruitment", "scheduling", "payments", "notifications")
DOWNLOADS = ("/join/me/data", "/book/me/data", "/pay/me/data", "/messages/me/data")


def csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the page has a form"
    return found.group(1)


def forget_me(stack: Stack, me: requests.Session) -> None:
    """Ask for erasure on /join/me/erase, as the person does."""
    page = me.get(f"{stack.urls['recruitment']}/join/me/erase", timeout=10).text
    erased = me.post(
        f"{stack.urls['recruitment']}/join/me/erase",
        data={"csrf_token": csrf(page), "confirm": "yes"},
        timeout=10,
    )
    assert erased.status_code == 200, erased.text


def sign_up(stack: Stack, code: str, name: str, phone: str, email: str) -> str:
    browser = requests.Session()
    page = browser.get(f"{stack.urls['recruitment']}/join/{code}", timeout=10).text
    form = {"csrf_token": csrf(page), "preferred_name": name, "phone": phone, "email": email,
            "preferred_channel": "email", "postcode": "LS7 3EX", "consent": "yes"}  # fmt: skip
    answer = browser.post(f"{stack.urls['recruitment']}/join/{code}", data=form, timeout=10)
    assert answer.status_code == 200, answer.text
    with recruitment_uow(stack) as uow:
        return uow.participants.find_by_contact(normalise_uk_mobile(phone), None).id


def signed_in_by_link(stack: Stack, pid: str) -> requests.Session:
    """Open a real message link and press Continue, as a person on their own phone would."""
    base = stack.urls["recruitment"]
    link = message_link_url(base, SECRET_KEY, pid, "me", "email", "/join/me")
    browser = requests.Session()
    page = browser.get(link, timeout=10)
    assert page.status_code == 200, page.text
    opened = browser.post(link, data={"csrf_token": csrf(page.text)}, timeout=10)
    assert opened.status_code == 200 and opened.url.endswith("/join/me"), opened.url
    return browser


def book_and_attend(stack: Stack, activity: str, pid: str) -> str:
    slot = add_session(stack, activity)[0]
    uows = uow_factory(make_engine(f"sqlite:///{stack.logs / 'scheduling.db'}"))
    with uows() as uow:
        booking = handlers.book_slot(BookSlot(slot, pid), uow).booking.id
    later = datetime.now(UTC) + timedelta(days=4)
    attendance.record(
        RecordAttendance(booking, "attended", 60, str(uuid.uuid4())), uows(), clock=lambda: later
    )
    return booking


def url_of(stack: Stack, path: str) -> str:
    service = {"join": "recruitment", "book": "scheduling", "pay": "payments"}
    return stack.urls[service.get(path.split("/")[1], "notifications")] + path


def test_my_data_from_all_four_services_then_erasure_leaves_nothing(stack: Stack) -> None:
    activity_ids: list[str] = []
    code = open_activity_with_code(stack, activity_ids)
    name = f"Zephyrine{uuid.uuid4().hex[:6]}"
    phone, email = unique_mobile(), f"{name.lower()}@example.test"
    pid = sign_up(stack, code, name, phone, email)
    other = sign_up(stack, code, f"Other{uuid.uuid4().hex[:6]}", unique_mobile(),
                    f"other-{uuid.uuid4().hex[:6]}@example.test")  # fmt: skip
    booking = book_and_attend(stack, activity_ids[0], pid)
    coordinator, _ = staff(["coordinator"])
    listing = f"{stack.urls['payments']}/api/payments/entitlements?participant_id={pid}"
    [entitlement] = wait_until(
        lambda: coordinator.get(listing, timeout=5).json(), timeout=90, what="the entitlement"
    )
    me = signed_in_by_link(stack, pid)
    wait_until(
        lambda: me.get(url_of(stack, "/messages/me/data.json"), timeout=5).json().get("messages"),
        timeout=90,
        what="the messages they were sent",
    )

    home = me.get(f"{stack.urls['recruitment']}/join/me", timeout=10).text
    for path in DOWNLOADS:
        assert f'href="{path}"' in home and f'href="{path}.json"' in home, path
    downloads = {}
    for path in DOWNLOADS:
        for suffix in ("", ".json"):
            answer = me.get(url_of(stack, path + suffix), timeout=10)
            assert answer.status_code == 200, (path + suffix, answer.text[:300])
            assert other not in answer.text, f"{path}{suffix} holds another person's data"
            downloads[path + suffix] = answer.text
    assert "consent" in downloads["/join/me/data.json"].lower()
    assert booking in downloads["/book/me/data.json"]
    assert "attended" in downloads["/book/me/data.json"]
    assert entitlement["id"] in downloads["/pay/me/data.json"]
    assert (
        email in downloads["/messages/me/data.json"] or pid in downloads["/messages/me/data.json"]
    )

    forget_me(stack, me)

    databases = {s: f"sqlite:///{stack.logs / f'{s}.db'}" for s in SERVICES}
    needles = [name, email, *phone_forms(phone)]
    wait_until_no_trace(databases, needles)
    projections = {"scheduling": ["participant_names"], "payments": ["participant_names"],
                   "notifications": ["contacts", "sign_ups"]}  # fmt: skip
    for service, tables in projections.items():
        engine = create_engine(f"sqlite:///{stack.logs / f'{service}.db'}")
        with engine.connect() as conn:
            for table in tables:
                rows = conn.execute(
                    text(f'SELECT COUNT(*) FROM "{table}" WHERE participant_id = :p'), {"p": pid}
                )
                assert rows.scalar() == 0, f"{service}.{table} still holds them"
        engine.dispose()
