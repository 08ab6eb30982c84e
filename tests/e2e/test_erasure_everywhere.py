"""Issue #14 item 16: after "forget me", no table of any service's database holds the person.

The four services' real processes run against the real broker, each with its own database. A
person signs up on the web with a name, a mobile number and an email address, is booked and
marked attended (so payments owes them a fee), is sent messages, texts Chorus words that hold
their name and email, and one of their emails failed with an error that names their address.
Then they erase themselves. The walk opens every table of every service's database (whatever
tables exist: outbox, inbox, projections and tables added later are covered without a change
here) and reads every column, looking for the name, the number (E.164, digits, national, as
typed) and the email, case-insensitively. It must find none.
"""

from __future__ import annotations

import random
import smtplib
import string
import time
import uuid
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import create_engine, select, update

from services.cli import main as cli
from services.notifications.adapters.orm import messages
from shared.events.envelope import decode, encode
from tests.contract.test_event_samples import SAMPLES
from tests.e2e.conftest import Stack
from tests.e2e.test_bookings import outbox
from tests.e2e.test_my_data_everywhere import (
    book_and_attend,
    forget_me,
    sign_up,
    signed_in_by_link,
)
from tests.e2e.test_payment_journey import staff
from tests.e2e.test_recruitment_journeys import open_activity_with_code, recruitment_uow
from tests.e2e.test_sms_sign_up import open_activity as open_sms_activity
from tests.e2e.test_sms_simulator import text_chorus
from tests.e2e.test_thin_journey import unique_mobile
from tests.erasure_walk import phone_forms, traces, wait_until_no_trace
from tests.recruitment.integration.test_dlq_and_erasure import dead_letter_these
from tests.support import wait_until

SERVICES = ("recruitment", "scheduling", "payments", "notifications")


def databases(stack: Stack) -> dict[str, str]:
    return {service: f"sqlite:///{stack.logs / f'{service}.db'}" for service in SERVICES}


def an_email_failed_naming_its_address(stack: Stack, pid: str, email: str) -> None:
    """As the dispatcher records an SMTP refusal: repr() of the error names the address."""
    refusal = smtplib.SMTPRecipientsRefused({email: (550, f"5.1.1 <{email}> unknown".encode())})
    engine = create_engine(databases(stack)["notifications"])
    with engine.begin() as conn:
        theirs = (messages.c.participant_id == pid) & (messages.c.channel == "email")
        first = conn.execute(select(messages.c.id).where(theirs)).scalar()
        assert first, "they were sent an email"
        conn.execute(update(messages).where(messages.c.id == first).values(error=repr(refusal)))
    engine.dispose()


def replay_their_old_contact_details(
    stack: Stack, bootstrap: str, pid: str, name: str, phone: str, email: str
) -> None:
    """An old ContactDetailsChanged of theirs dead-lettered before the erasure: replaying it
    would make every service's consumer re-create their contact. The replay must refuse it."""
    sample = decode((SAMPLES / "ContactDetailsChanged.v1.json").read_bytes())
    data = {**sample.data, "participant_id": pid, "preferred_name": name, "phone": phone,
            "email": email}  # fmt: skip
    old = replace(sample, id=str(uuid.uuid4()), key=pid, data=data)
    dead_letter_these(bootstrap, "recruitment.contact", [(pid, encode(old))])
    with pytest.MonkeyPatch.context() as env:
        env.setenv("RECRUITMENT_DATABASE_URL", databases(stack)["recruitment"])
        env.setenv("KAFKA_BOOTSTRAP_SERVERS", bootstrap)
        assert cli(["dlq", "replay", "recruitment.contact", "--event-id", old.id]) == 1
    time.sleep(5)  # were it replayed, the consumers would have it back in their tables by now


def test_erasure_leaves_no_trace_in_any_table_of_any_service(stack: Stack, bootstrap: str) -> None:
    activity_ids: list[str] = []
    code = open_activity_with_code(stack, activity_ids)
    name = f"Quillonia{uuid.uuid4().hex[:6]}"
    phone, email = unique_mobile(), f"{name.lower()}@example.test"
    national = phone_forms(phone)[3]
    pid = sign_up(stack, code, name, national, email)
    book_and_attend(stack, activity_ids[0], pid)
    coordinator, _ = staff(["coordinator"])
    listing = f"{stack.urls['payments']}/api/payments/entitlements?participant_id={pid}"
    wait_until(lambda: coordinator.get(listing, timeout=5).json(), timeout=90, what="a fee")
    me = signed_in_by_link(stack, pid)
    words = f"Hello it is {name}, write to {email} please, I need a ramp"
    text_chorus(stack, national, words)
    needles = [name, email, *phone_forms(phone)]
    wait_until(
        lambda: any("inbound" in t or "outbox" in t for t in traces(databases(stack), [words])),
        timeout=60,
        what="their text in notifications",
    )
    wait_until(
        lambda: any(".messages." in t for t in traces(databases(stack), [email])),
        timeout=90,
        what="the messages they were sent",
    )
    an_email_failed_naming_its_address(stack, pid, email)
    before = traces(databases(stack), needles)
    for service in SERVICES:  # the walk can see each service's copy of them
        assert any(t.startswith(f"{service}.") for t in before), (service, before)

    forget_me(stack, me)

    wait_until_no_trace(databases(stack), needles)

    replay_their_old_contact_details(stack, bootstrap, pid, name, phone, email)
    assert traces(databases(stack), needles) == [], "a replay brought them back"


def test_erasure_after_joining_by_text_leaves_no_trace(stack: Stack) -> None:
    """The SMS sign-up dialogue leaves the number and the answers in more places (recruitment's
    dialogue events, notifications' texts to a number not yet a participant)."""
    code = f"E2E{random.randrange(10**6):06d}"
    open_sms_activity(stack, code)
    phone = unique_mobile()
    national = phone_forms(phone)[2]
    name = "Quillonia" + "".join(random.choices(string.ascii_lowercase, k=6))  # a name: letters

    def texted(count: int) -> list[dict[str, Any]]:
        sent = [m for m in outbox(stack, phone) if m["status"] == "sent"]
        return sent if len(sent) >= count else []

    for n, words in enumerate([f"JOIN {code}", name, "LS7 3EX", "AGREE", "none"], start=1):
        text_chorus(stack, national, words)
        wait_until(lambda n=n: texted(n), timeout=60, what=f"the answer to {words!r}")
    assert texted(5)[-1]["body"].startswith("Thank you, you are signed up"), texted(5)
    with recruitment_uow(stack) as uow:
        pid = uow.participants.find_by_contact(phone, None).id
    assert "You will not get any more texts" in text_chorus(stack, national, "STOP")
    me = signed_in_by_link(stack, pid)
    needles = [name, *phone_forms(phone)]
    assert traces(databases(stack), needles)

    forget_me(stack, me)
    wait_until_no_trace(databases(stack), needles)
