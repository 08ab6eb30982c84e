"""Staff are told, through the real broker and Mailpit: a daily digest of the open tasks each
person may act on (built from PaymentsStaffTask events), an urgent budget email at once, once;
inactive staff and staff kept out by four eyes get nothing."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from services.notifications.bootstrap import wire_consumer
from services.notifications.config import load_settings
from shared.bus.consumer import ConsumerRunner
from shared.bus.kafka_clients import make_consumer, make_producer
from shared.events.envelope import Envelope, encode
from tests.support import (
    MAILPIT_API,
    committed_offset,
    migrated_engine,
    produce,
    running,
    wait_until,
)

BASE = "http://chorus.test"
GROUP = "notifications-staff-test"
ACTIVITY = str(uuid.uuid4())


def envelope(type_: str, key: str, data: dict[str, Any]) -> Envelope:
    return Envelope(type=type_, version=1, producer="test", key=key, data=data,
                    correlation_id=str(uuid.uuid4()))  # fmt: skip


def staff(name: str, roles: list[str], active: bool = True) -> tuple[str, str, Envelope]:
    staff_id, email = str(uuid.uuid4()), f"staff-{uuid.uuid4().hex[:10]}@example.org"
    data = {"staff_id": staff_id, "name": name, "email": email, "roles": roles,
            "active": active, "changed_at": datetime.now(UTC).isoformat()}  # fmt: skip
    return staff_id, email, envelope("StaffProfileChanged", staff_id, data)


def task(kind: str, roles: list[str], urgent: bool = False, **extra: Any) -> Envelope:
    task_id = str(uuid.uuid4())
    data = {"task_id": task_id, "kind": kind, "state": "open", "activity_id": ACTIVITY,
            "roles": roles, "path": f"/pay/manage/claims/{task_id}", "urgent": urgent,
            "changed_at": datetime.now(UTC).isoformat(), **extra}  # fmt: skip
    return envelope("PaymentsStaffTask", task_id, data)


def emails_to(address: str) -> list[dict[str, Any]]:
    found = requests.get(
        f"{MAILPIT_API}/search", params={"query": f'to:"{address}"'}, timeout=5
    ).json()["messages"]
    return [requests.get(f"{MAILPIT_API}/message/{m['ID']}", timeout=5).json() for m in found]


@pytest.fixture
def consumer(
    bootstrap: str, topic: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    monkeypatch.setenv("NOTIFICATIONS_STAFF_DIGEST_AT", "00:00")  # the digest is due now
    settings = dataclasses.replace(
        load_settings("notifications"),
        env="development",
        public_base_url=BASE,
        twilio_account_sid="",
        smtp_host="127.0.0.1",
        smtp_port=1025,
    )
    engine = migrated_engine("notifications", tmp_path)

    produced = 0
    with ExitStack() as processes:

        def run(events: list[Envelope]) -> None:
            """Put `events` on the broker and (re)start the consumer process: a restart is a
            fresh process over the same database."""
            nonlocal produced, processes
            processes.close()
            produce(bootstrap, topic, [(e.key.encode(), encode(e)) for e in events])
            produced += len(events)
            wiring = wire_consumer(settings, engine)
            assert wiring.on_start is not None
            wiring.on_start()  # sending is the dispatcher's own thread, as in the consumer process
            sub = wiring.subscription
            sub.group, sub.topics = GROUP, [topic]
            runner = ConsumerRunner(
                sub,
                wiring.uow_factory,
                consumer_factory=lambda: make_consumer(bootstrap, GROUP, [topic]),
                producer_factory=lambda: make_producer(bootstrap, f"{GROUP}-dlq"),
                on_idle=wiring.on_idle,
            )
            processes.enter_context(running(runner.run))
            processes.callback(wiring.on_stop)  # type: ignore[arg-type]
            wait_until(lambda: committed_offset(bootstrap, GROUP, topic) == produced)

        yield run


def test_the_digest_lists_waiting_claims_and_urgent_budgets_go_at_once(consumer: Any) -> None:
    _, coordinator, coordinator_event = staff("Cara Coordinator", ["coordinator"])
    _, finance, finance_event = staff("Fin Approver", ["finance_approver"])
    _, gone, gone_event = staff("Old Coordinator", ["coordinator"], active=False)
    kept_out_id, kept_out, kept_out_event = staff("Creator Coordinator", ["coordinator"])
    activity = envelope("ActivityPublished", ACTIVITY, {
        "activity_id": ACTIVITY, "title": "Making GP appointments easier", "status": "open",
        "rate_pence": 2500, "rate_unit": "hour", "expenses_covered": True,
        "changed_at": datetime.now(UTC).isoformat()})  # fmt: skip
    claims = [
        task("claim_needs_coordinator", ["coordinator", "admin"], amount_pence=2000,
             starts_at="2026-12-10T10:00:00+00:00", not_for_staff_ids=[kept_out_id]),
        task("claim_needs_finance", ["finance_approver", "admin"], amount_pence=4250),
        task("budget_100", ["finance_approver", "admin"], urgent=True, amount_pence=100000,
             budget_pence=100000),
    ]  # fmt: skip
    consumer([coordinator_event, finance_event, gone_event, kept_out_event, activity, *claims])

    [digest] = wait_until(lambda: emails_to(coordinator), timeout=30, what="the digest")
    assert digest["Subject"] == "Chorus: what is waiting for you today"
    text = digest["Text"]
    assert "Hi Cara Coordinator," in text and "Claims waiting for a coordinator:" in text
    assert "Making GP appointments easier: £20.00, session on Thursday 10 December" in text
    claim_path = claims[0].data["path"]
    assert f"{BASE}{claim_path}" in text and f'href="{BASE}{claim_path}"' in digest["HTML"]
    assert "£42.50" not in text  # a finance approver's claim is not theirs

    finance_mail = wait_until(lambda: len(emails_to(finance)) == 2 and emails_to(finance))
    subjects = sorted(m["Subject"] for m in finance_mail)
    assert subjects == ["Chorus: this needs you now", "Chorus: what is waiting for you today"]
    [urgent] = [m for m in finance_mail if m["Subject"] == "Chorus: this needs you now"]
    assert "Budgets fully spent" in urgent["Text"] and "£1,000.00" in urgent["Text"]

    assert emails_to(gone) == []  # inactive staff get nothing
    assert emails_to(kept_out) == []  # the claim's creator may not act on it: nothing else

    # A restart the same day, with a new urgent task: that one goes (so the idle loop ran),
    # and neither the digests nor the first urgent email go again.
    consumer([task("budget_80", ["finance_approver"], urgent=True, amount_pence=80000)])
    wait_until(lambda: len(emails_to(finance)) == 3, timeout=30, what="the second urgent email")
    assert len(emails_to(coordinator)) == 1
    assert sorted(m["Subject"] for m in emails_to(finance)).count("Chorus: this needs you now") == 2
