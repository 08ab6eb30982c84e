"""The thin journey through every real part: sign up on recruitment's API, and the welcome email
arrives in the SMTP server while the welcome SMS reaches the Twilio mock through Twilio's SDK."""

from __future__ import annotations

import random

import requests

from services.recruitment.participants.domain.phone import InvalidPhone, normalise_uk_mobile
from tests.e2e.conftest import Stack
from tests.support import MAILPIT_API, wait_until


def unique_mobile() -> str:
    """A random UK mobile that phonenumbers accepts (about 1 in 250 random 079 numbers is
    in an unallocated range, which made sign-ups fail at random)."""
    while True:
        candidate = f"+4479{random.randrange(10**8):08d}"
        try:
            return normalise_uk_mobile(candidate)
        except InvalidPhone:
            continue


def test_sign_up_leads_to_a_welcome_email_and_sms(stack: Stack) -> None:
    phone = unique_mobile()
    email = f"e2e-{phone[1:]}@example.com"
    response = requests.post(
        f"{stack.urls['recruitment']}/api/recruitment/participants",
        json={
            "preferred_name": "Dee",
            "phone": phone,
            "email": email,
            "preferred_channel": "sms",
            "consent": True,
            "consent_version": "2026-11",
        },
        timeout=10,
    )
    assert response.status_code == 201, response.text

    def mail_for(address: str) -> list[dict]:
        found = requests.get(
            f"{MAILPIT_API}/search", params={"query": f'to:"{address}"'}, timeout=5
        ).json()
        return found["messages"]

    mails = wait_until(lambda: mail_for(email), timeout=60, what="the welcome email in Mailpit")
    # Exactly one from this stack (its own message log below); a `make run` sharing the broker
    # may add its own copy to Mailpit, so Mailpit is only asked whether the mail arrived.
    assert {m["Subject"] for m in mails} == {"Welcome to Chorus"}
    body = requests.get(f"{MAILPIT_API}/message/{mails[0]['ID']}", timeout=5).json()
    assert "Hi Dee," in body["Text"] and "Hi Dee," in body["HTML"]

    def sms_log() -> list[dict]:
        outbox = requests.get(
            f"{stack.urls['notifications']}/api/notifications/outbox",
            params={"to": phone},
            timeout=5,
        )
        return [m for m in outbox.json() if m["status"] in {"sent", "failed"}]

    sms = wait_until(sms_log, timeout=60, what="the welcome SMS to be sent")

    def email_log() -> list[dict]:
        outbox = requests.get(
            f"{stack.urls['notifications']}/api/notifications/outbox",
            params={"to": email},
            timeout=5,
        )
        return [m for m in outbox.json() if m["status"] in {"sent", "failed"}]

    emails = wait_until(email_log, timeout=30, what="the welcome email to be recorded as sent")
    assert [(m["channel"], m["status"]) for m in emails] == [("email", "sent")]
    assert [(m["channel"], m["status"]) for m in sms] == [("sms", "sent")], sms
    assert sms[0]["provider_ref"].startswith("SM")
    assert sms[0]["body"].startswith("Hi Dee, thanks for joining Chorus.")
