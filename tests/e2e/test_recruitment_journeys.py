"""Recruitment through the real processes and broker: signing up on an activity's page through a
partner's code (with the page's CSRF token, as a browser would) leads to a welcome text; erasure
reaches the log itself as a tombstone on recruitment.contact, and notifications forgets the
person's number and messages."""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import requests
from kafka import KafkaConsumer, TopicPartition

from services.recruitment.activities.service_layer import activities
from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from services.recruitment.bootstrap import uow_factory
from services.recruitment.invitations.service_layer import invitations
from services.recruitment.rights.service_layer import rights
from shared.db import make_engine
from tests.e2e.conftest import Stack
from tests.e2e.test_bookings import outbox
from tests.e2e.test_sms_booking import add_session
from tests.e2e.test_sms_simulator import text_chorus
from tests.e2e.test_thin_journey import unique_mobile
from tests.support import wait_until


@functools.cache
def _uows(database_url: str) -> Callable[[], RecruitmentUnitOfWork]:
    return uow_factory(make_engine(database_url))


def recruitment_uow(stack: Stack) -> RecruitmentUnitOfWork:
    return _uows(f"sqlite:///{stack.logs / 'recruitment.db'}")()


def open_activity_with_code(stack: Stack, with_id: list[str] | None = None) -> str:
    code = f"E2E{int(time.time() * 1000) % 10**8}"
    command = activities.DescribeActivity(
        title="Better hospital letters",
        purpose="Help us write letters that people understand.",
        approach="workshop",
        formats=["in_person"],
        audience={},
        offer={"rate_pence": 2500},
    )
    activity_id = activities.create_activity(command, "e2e", recruitment_uow(stack))
    activities.add_channel(
        activity_id, "partner_link", code, "Leeds Library", recruitment_uow(stack)
    )
    activities.set_status(activity_id, "open", recruitment_uow(stack))
    if with_id is not None:
        with_id.append(activity_id)
    return code


def sign_up_on_the_page(stack: Stack, code: str, phone: str) -> requests.Response:
    browser = requests.Session()
    page = browser.get(f"{stack.urls['recruitment']}/join/{code}", timeout=10)
    assert page.status_code == 200 and "We pay £25.00 an hour" in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    form: dict[str, Any] = {
        "csrf_token": token.group(1),
        "preferred_name": "Ffion",
        "phone": phone,
        "preferred_channel": "sms",
        "postcode": "LS7 3EX",
        "support_needs": ["large_print"],
        "consent": "yes",
    }
    return browser.post(f"{stack.urls['recruitment']}/join/{code}", data=form, timeout=10)


def sms_to(stack: Stack, phone: str) -> list[dict[str, Any]]:
    outbox = requests.get(
        f"{stack.urls['notifications']}/api/notifications/outbox", params={"to": phone}, timeout=5
    )
    return [m for m in outbox.json() if m["status"] in {"sent", "failed"}]


def test_a_web_sign_up_through_a_partner_code_is_welcomed_by_text(stack: Stack) -> None:
    phone = unique_mobile()
    answer = sign_up_on_the_page(stack, open_activity_with_code(stack), phone)
    assert answer.status_code == 200, answer.text
    assert "Thank you for signing up" in answer.text
    sent = wait_until(lambda: sms_to(stack, phone), timeout=60, what="the welcome text")
    assert sent[0]["body"].startswith("Hi Ffion, thanks for joining Chorus.")


def contact_records_from(bootstrap: str, start: dict[TopicPartition, int], key: str) -> list:  # type: ignore[type-arg]
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    try:
        consumer.assign(list(start))
        for partition, offset in start.items():
            consumer.seek(partition, offset)
        found = []
        for _ in range(20):
            for batch in consumer.poll(timeout_ms=500).values():
                found += [r for r in batch if r.key == key.encode()]
        return found
    finally:
        consumer.close()


def test_erasure_tombstones_the_contact_topic_and_notifications_forgets(
    stack: Stack, bootstrap: str
) -> None:
    phone = unique_mobile()
    assert sign_up_on_the_page(stack, open_activity_with_code(stack), phone).status_code == 200
    wait_until(lambda: sms_to(stack, phone), timeout=60, what="the welcome text")
    with recruitment_uow(stack) as uow:
        participant_id = uow.participants.find_by_contact(phone, None).id
    probe = KafkaConsumer(bootstrap_servers=bootstrap)
    partitions = [
        TopicPartition("recruitment.contact", p)
        for p in probe.partitions_for_topic("recruitment.contact") or []
    ]
    start = probe.end_offsets(partitions)
    probe.close()

    rights.erase(participant_id, recruitment_uow(stack))

    records = wait_until(
        lambda: contact_records_from(bootstrap, start, participant_id),
        timeout=60,
        what="the tombstone on recruitment.contact",
    )
    assert [r.value for r in records] == [None]
    wait_until(lambda: not sms_to(stack, phone), timeout=60, what="notifications to forget them")


def test_invited_in_a_wave_then_booked_by_text(stack: Stack) -> None:
    """The whole road for someone without a laptop: signed up (here on the page), invited by
    the coordinator, the wave released by recruitment's consumer, the invitation text, then
    BOOK and a number to a place in scheduling."""
    activity: list[str] = []
    phone = unique_mobile()
    national = "0" + phone[3:]
    assert sign_up_on_the_page(stack, open_activity_with_code(stack, activity), phone).ok
    [activity_id] = activity
    add_session(stack, activity_id)
    with recruitment_uow(stack) as uow:
        participant_id = uow.participants.find_by_contact(phone, None).id
    waves = invitations.InviteWaves(activity_id, [participant_id], 50, 0, None)
    invitations.invite(waves, datetime.now(UTC), recruitment_uow(stack))

    def texts(template: str) -> list[dict[str, Any]]:
        return [m for m in outbox(stack, phone) if m["template"] == template]

    [invited] = wait_until(lambda: texts("invitation"), timeout=90, what="the invitation text")
    assert "We pay you for your time. Reply BOOK to choose a time." in invited["body"]
    text_chorus(stack, national, "BOOK")
    wait_until(lambda: texts("booking_options"), timeout=60, what="the times to choose from")
    text_chorus(stack, national, "1")
    [booked] = wait_until(lambda: texts("booking_confirmed"), timeout=60, what="the booking")
    assert booked["body"].startswith("Chorus: you are booked for")
