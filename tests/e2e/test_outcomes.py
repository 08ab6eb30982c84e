""" "You said, we did" through the real processes and broker: three people sign up on the
activity's page (two by text, one by email), one texts NO UPDATES; a coordinator publishes an
outcome; recruitment's relay puts OutcomePublished on recruitment.outcome, notifications'
consumer tells each contributor once by their channel (a text at the Twilio stand-in, an email
in Mailpit) and not the one who opted out. The same event delivered again, and a copy with a new
id, tell no one twice. The public page shows what was published."""

from __future__ import annotations

import dataclasses
import re
import uuid
from datetime import date
from typing import Any

import requests

from services.recruitment.outcomes.commands import PublishOutcome, RecordOutcome
from services.recruitment.outcomes.domain.outcome import OutcomeWords
from services.recruitment.outcomes.service_layer import outcomes
from shared.events.envelope import decode, encode
from tests.e2e.conftest import Stack
from tests.e2e.test_bookings import outbox
from tests.e2e.test_recruitment_journeys import open_activity_with_code, recruitment_uow
from tests.e2e.test_sms_simulator import text_chorus
from tests.e2e.test_thin_journey import unique_mobile
from tests.support import MAILPIT_API, produce, read_topic, wait_until


def sign_up(stack: Stack, code: str, name: str, phone: str | None, email: str | None) -> None:
    browser = requests.Session()
    page = browser.get(f"{stack.urls['recruitment']}/join/{code}", timeout=10)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    form: dict[str, Any] = {
        "csrf_token": token.group(1),
        "preferred_name": name,
        "phone": phone or "",
        "email": email or "",
        "preferred_channel": "sms" if phone else "email",
        "postcode": "LS7 3EX",
        "consent": "yes",
    }
    answer = browser.post(f"{stack.urls['recruitment']}/join/{code}", data=form, timeout=10)
    assert answer.status_code == 200 and "Thank you for signing up" in answer.text, answer.text


def told(stack: Stack, address: str) -> list[dict[str, Any]]:
    return [m for m in outbox(stack, address) if m["template"] == "outcome_published"]


def emails_about_outcomes(address: str, link: str) -> list[dict[str, Any]]:
    """Outcome emails to `address` that link to `link`: the browser suite's stack, if it is
    running in the same session, reads the same topics and mails the same person too (its
    links name its own address)."""
    found = requests.get(
        f"{MAILPIT_API}/search", params={"query": f'to:"{address}"'}, timeout=5
    ).json()
    about = [m for m in found["messages"] if m["Subject"].startswith("What changed because of")]
    return [m for m in about if link in message_text(m["ID"])]


def message_text(message_id: str) -> str:
    return requests.get(f"{MAILPIT_API}/message/{message_id}", timeout=5).json()["Text"]


def publish(stack: Stack, activity_id: str, title: str) -> str:
    words = OutcomeWords(title, "", "changed", "", date(2026, 12, 1), None)
    outcome_id = outcomes.record(RecordOutcome(activity_id, words, None), recruitment_uow(stack))
    outcomes.publish(PublishOutcome(activity_id, outcome_id), recruitment_uow(stack))
    return outcome_id


def test_an_outcome_is_told_once_to_each_contributor_by_their_channel(
    stack: Stack, bootstrap: str
) -> None:
    activity: list[str] = []
    code = open_activity_with_code(stack, activity)
    [activity_id] = activity
    ann, cal = unique_mobile(), unique_mobile()
    bea = f"bea.{uuid.uuid4().hex[:8]}@example.org"
    sign_up(stack, code, "Ann", ann, None)
    sign_up(stack, code, "Bea", None, bea)
    sign_up(stack, code, "Cal", cal, None)
    for address in (ann, bea, cal):
        wait_until(lambda a=address: outbox(stack, a), timeout=60, what=f"welcome to {address}")
    text_chorus(stack, "0" + cal[3:], "NO UPDATES")
    wait_until(
        lambda: [m for m in outbox(stack, cal) if "not text you news" in m["body"]],
        timeout=60,
        what="the answer to NO UPDATES",
    )

    first = publish(stack, activity_id, "Letters now use bigger print")
    page = f"/join/activities/{activity_id}/outcomes"
    [text] = wait_until(lambda: told(stack, ann), timeout=90, what="the outcome text to Ann")
    assert text["channel"] == "sms" and page in text["body"] and "NO UPDATES" in text["body"]
    [link] = [word for word in text["body"].split() if word.endswith(page)]  # this stack's
    [mail] = wait_until(lambda: emails_about_outcomes(bea, link), timeout=90, what="Bea's email")
    assert mail["Subject"] == 'What changed because of "Better hospital letters"'
    whole = requests.get(f"{MAILPIT_API}/message/{mail['ID']}", timeout=5).json()
    assert "What we did: Letters now use bigger print" in whole["Text"]
    assert page in whole["Text"] and 'choose "No updates" on your page.' in whole["Text"]
    assert "text" not in whole["Text"].lower()  # Bea has no mobile: never told to text

    # Delivered again (the same event), and a copy with a new id: nobody is told twice.
    [record] = [
        r for r in read_topic(bootstrap, "recruitment.outcome")
        if decode(r.value).data["outcome_id"] == first
    ]  # fmt: skip
    copy = dataclasses.replace(decode(record.value), id=str(uuid.uuid4()))
    produce(
        bootstrap, "recruitment.outcome", [(record.key, record.value), (record.key, encode(copy))]
    )
    # A second outcome of the same activity (same key, so the same partition, after them):
    # once it has reached both, the copies before it have been read.
    publish(stack, activity_id, "Appointments can be booked by text")
    wait_until(lambda: len(told(stack, ann)) >= 2, timeout=90, what="the second outcome text")
    wait_until(lambda: len(emails_about_outcomes(bea, link)) >= 2, timeout=90, what="the 2nd email")
    assert len(told(stack, ann)) == 2 and len(emails_about_outcomes(bea, link)) == 2
    assert told(stack, cal) == []

    public = requests.get(f"{stack.urls['recruitment']}{page}", timeout=10)
    assert public.status_code == 200
    assert "Letters now use bigger print" in public.text
    assert "Appointments can be booked by text" in public.text
