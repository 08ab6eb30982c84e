"""The development SMS simulator texts Chorus through the real signed webhook: a STOP is
answered and suppresses the number, and any other text leaves on notifications.inbound-sms."""

from __future__ import annotations

import json
import random
import re

import requests

from tests.e2e.conftest import Stack
from tests.support import read_topic, wait_until


def text_chorus(stack: Stack, phone: str, body: str, to: str = "") -> str:
    """Text from `phone` to Chorus's number, or to `to` (an organisation's own number)."""
    session = requests.Session()
    page = session.get(f"{stack.urls['notifications']}/messages/simulator", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    response = session.post(
        f"{stack.urls['notifications']}/messages/simulator",
        data={"csrf_token": token, "phone": phone, "body": body, "to": to},
        timeout=20,
    )
    assert response.status_code == 200, response.text
    return response.text


def test_the_simulator_goes_through_the_signed_webhook(stack: Stack, bootstrap: str) -> None:
    phone = f"07{random.randrange(10**9):09d}"[:5] + " " + f"{random.randrange(10**6):06d}"
    phone = "079" + phone[3:]
    assert "You will not get any more texts from Chorus" in text_chorus(stack, phone, "STOP")

    words = f"JOIN AB{random.randrange(10**4):04d}"
    assert "No reply straight away" in text_chorus(stack, phone, words)

    def forwarded() -> list[dict]:
        records = read_topic(bootstrap, "notifications.inbound-sms")
        return [
            json.loads(r.value)["data"]
            for r in records
            if json.loads(r.value)["data"]["text"] == words
        ]

    [event] = wait_until(forwarded, timeout=60, what="the inbound-sms event on Kafka")
    assert event["participant_id"] is None and event["from_number"].startswith("+4479")

    outbox = requests.get(f"{stack.urls['notifications']}/messages/outbox", timeout=10)
    assert outbox.status_code == 200 and "Outbox" in outbox.text
