"""What the people and staff of the cluster suite do, the way they do it: sign up on the
activity's page, book by text through the signed SMS webhook (the simulator), and for some,
choose a bank transfer, be approved by a coordinator and paid out by finance
(as tests/e2e/test_payment_journey.py does)."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, text

from services.recruitment.activities.service_layer import activities
from services.recruitment.bootstrap import uow_factory as recruitment_uows
from services.scheduling.bootstrap import uow_factory as scheduling_uows
from services.scheduling.sessions.commands import CreateSession
from services.scheduling.sessions.domain.planning import SlotPlan
from services.scheduling.sessions.service_layer import session_admin
from tests.e2e.conftest import Stack
from tests.e2e.test_payment_journey import attendance, signed_in, staff, stripe_webhook
from tests.e2e.test_recruitment_journeys import sign_up_on_the_page
from tests.e2e.test_sms_simulator import text_chorus
from tests.e2e.test_thin_journey import unique_mobile
from tests.support import wait_until
from tests.twilio_fault_proxy import FaultProxy

STEP_TIMEOUT = 180  # a step may wait out a broker's election and a consumer group's rebalance


@dataclass
class Activity:
    id: str
    code: str
    slots: list[str]
    capacity: int


@dataclass
class Person:
    phone: str
    participant_id: str | None = None
    asked_again: int = 0  # BOOK answered before scheduling knew of the invitation


def open_activity(engines: dict[str, Engine], capacity: int) -> Activity:
    """An open activity that invites everyone who signs up, with two times of `capacity` places
    in scheduling: everyone answers 1, so the first time fills and the rest are offered again."""
    recruitment = recruitment_uows(engines["recruitment"])
    code = f"CL{uuid.uuid4().hex[:6].upper()}"
    describe = activities.DescribeActivity(
        title="Better hospital letters",
        purpose="Help us write letters that people understand.",
        approach="workshop",
        formats=["online"],
        audience={},
        offer={"rate_pence": 2500},
        invite_on_sign_up=True,
    )
    activity_id = activities.create_activity(describe, "cluster", recruitment())
    activities.add_channel(activity_id, "partner_link", code, "Leeds Library", recruitment())
    activities.set_status(activity_id, "open", recruitment())
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    plans = tuple(
        SlotPlan(starts + timedelta(days=n), starts + timedelta(days=n, hours=1), capacity)
        for n in range(2)
    )
    command = CreateSession(
        activity_id, describe.title, "online", None, (), "https://meet.example/x", plans
    )
    with scheduling_uows(engines["scheduling"])() as uow:
        slots = [slot.id for slot in session_admin.create_session(command, uow).slots]
    return Activity(activity_id, code, slots, capacity)


INVITED = "Reply BOOK to choose a time."
OFFERED = "Chorus times for"
BOOKED = "Chorus: you are booked for"


def texts(twilio: FaultProxy, phone: str, words: str) -> list[dict[str, Any]]:
    """The texts holding these words that Twilio was asked to send to this number (read in
    this process, at the wire: polling a web app from thirty people would load it more than
    they do)."""
    return [m for m in twilio.state.log() if m["to"] == phone and words in m["body"]]


def sign_up_and_book(
    stack: Stack, twilio: FaultProxy, engines: dict[str, Engine], activity: Activity
) -> Person:
    """Sign up on the page; the invitation text comes; BOOK, then 1 until booked (a time that
    filled meanwhile is answered with the times again)."""
    person = Person(unique_mobile())
    national = "0" + person.phone[3:]
    answer = _retrying(lambda: sign_up_on_the_page(stack, activity.code, person.phone))
    assert answer.status_code == 200 and "Thank you for signing up" in answer.text, answer.text
    with recruitment_uows(engines["recruitment"])() as uow:
        person.participant_id = uow.participants.find_by_contact(person.phone, None).id
    wait_until(lambda: texts(twilio, person.phone, INVITED), STEP_TIMEOUT, 0.5, "invitation")
    _ask_for_times(stack, twilio, person, national)
    offers = 0
    while True:
        offers = len(
            wait_until(
                lambda n=offers: _more(texts(twilio, person.phone, OFFERED), n),
                STEP_TIMEOUT,
                0.5,
                "the times to choose from",
            )
        )
        _retrying(lambda: text_chorus(stack, national, "1"))
        wait_until(
            lambda n=offers: (
                texts(twilio, person.phone, BOOKED)
                or _more(texts(twilio, person.phone, OFFERED), n)
            ),
            STEP_TIMEOUT,
            0.5,
            "booked, or offered the times again",
        )
        if texts(twilio, person.phone, BOOKED):
            return person


def _ask_for_times(stack: Stack, twilio: FaultProxy, person: Person, national: str) -> None:
    """BOOK, until the times come. Scheduling hears of the invitation on recruitment.invitation
    and of the text on notifications.inbound-sms: two topics, so after a consumer dies it may
    read the BOOK first and answer that there is nothing to book. A person texts BOOK again."""
    for _ in range(4):
        before = len(texts(twilio, person.phone, ""))
        _retrying(lambda: text_chorus(stack, national, "BOOK"))
        wait_until(
            lambda n=before: _more(texts(twilio, person.phone, ""), n), STEP_TIMEOUT, 0.5, "a reply"
        )
        if texts(twilio, person.phone, OFFERED):
            return
        person.asked_again += 1
        time.sleep(3)
    raise AssertionError(f"no times offered to {person.phone}: {texts(twilio, person.phone, '')}")


def pay_out(stack: Stack, bootstrap: str, engines: dict[str, Engine], person: Person) -> str:
    """Attendance recorded (on Kafka, as scheduling publishes it), they choose a bank transfer
    and finish Stripe's onboarding, a coordinator approves and finance pays out; the
    entitlement's id."""
    pid = str(person.participant_id)
    payments = stack.urls["payments"]
    attendance(bootstrap, pid, datetime.now(UTC) - timedelta(hours=2))
    coordinator, coordinator_token = staff(["coordinator"])
    listing = f"{payments}/api/payments/entitlements?participant_id={pid}"
    [entitlement] = wait_until(
        lambda: _retrying(lambda: coordinator.get(listing, timeout=10).json()),
        STEP_TIMEOUT,
        0.5,
        "the entitlement",
    )
    browser, token = signed_in({"participant": {"id": pid, "issued_at": "2026-01-01"}})
    form = {"method": "bank", "csrf_token": token}
    chosen = browser.post(f"{payments}/pay/choice", data=form, allow_redirects=False, timeout=30)
    assert chosen.status_code == 302, chosen.text
    onboarding = browser.get(f"{payments}/pay/bank", allow_redirects=False, timeout=30)
    assert onboarding.status_code == 303, onboarding.text
    with engines["payments"].connect() as conn:
        account = conn.execute(
            text("SELECT account_id FROM stripe_accounts WHERE participant_id = :pid"),
            {"pid": pid},
        ).scalar_one()
    ready = {"id": account, "object": "account", "details_submitted": True,
             "payouts_enabled": True}  # fmt: skip
    assert stripe_webhook(payments, "account.updated", ready).status_code == 200
    base = f"{payments}/api/payments/entitlements/{entitlement['id']}"
    approved = coordinator.post(
        f"{base}/approve", headers={"X-CSRFToken": coordinator_token}, timeout=30
    )
    assert approved.status_code == 200, approved.text
    finance, finance_token = staff(["finance_approver"])
    sent = finance.post(f"{base}/payout", headers={"X-CSRFToken": finance_token}, timeout=60)
    assert sent.status_code == 202 and sent.json()["status"] == "sent", sent.text
    return str(entitlement["id"])


def _more(found: list[dict[str, Any]], than: int) -> list[dict[str, Any]] | None:
    return found if len(found) > than else None


def _retrying(call: Any, attempts: int = 5) -> Any:
    """A web request may meet a reset connection while a process it needs is restarting."""
    for attempt in range(attempts):
        try:
            return call()
        except Exception:
            if attempt == attempts - 1:
                raise
            time.sleep(2)
    raise AssertionError("unreachable")
