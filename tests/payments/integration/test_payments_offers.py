"""Recruitment's events on the real broker, through payments' own consumer: an activity's offer
is what attendance pays (£40 an hour; unpaid: nothing; expenses only: no fee, and an expense
claim is accepted), a coordinator's own policy wins, names are kept for staff pages and
forgotten on erasure, and claims open and close staff tasks in the outbox."""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from services.payments.adapters.orm import entitlements, participant_names
from services.payments.bootstrap import bootstrap as build_bus
from services.payments.bootstrap import subscription, uow_factory
from services.payments.config import load_settings as payments_settings
from services.payments.entitlements import service_layer as handlers
from services.payments.entitlements.adapters import views
from services.payments.entitlements.commands import Approve, SetPolicy
from services.payments.entitlements.domain.model import Approver
from services.payments.expenses.adapters import views as expense_views
from services.payments.expenses.domain.expenses import UNPAID, ExpenseLine, ExpenseRejected
from services.payments.expenses.service_layer import expenses
from shared.bus.consumer import ConsumerRunner
from shared.bus.kafka_clients import make_consumer, make_producer
from shared.bus.tables import outbox
from shared.events.envelope import decode, encode
from tests.contract.test_event_samples import SAMPLES
from tests.support import committed_offset, migrated_engine, produce, running, wait_until

KEY = b"one-partition"  # every event on one partition, so they are handled in order


def event(type_: str, **data: object) -> bytes:
    envelope = decode((SAMPLES / f"{type_}.v1.json").read_bytes())
    fresh = dataclasses.replace(envelope, id=str(uuid.uuid4()), data={**envelope.data, **data})
    return encode(fresh)


def offer(activity: str, rate: int, expenses_covered: bool, minutes_ago: int = 10) -> bytes:
    changed = (datetime.now(UTC) - timedelta(minutes=minutes_ago)).isoformat()
    return event(
        "ActivityPublished", activity_id=activity, title=f"Activity {rate}", rate_pence=rate,
        rate_unit="hour", expenses_covered=expenses_covered, changed_at=changed,
    )  # fmt: skip


def attended(activity: str, person: str, booking: str) -> bytes:
    return event(
        "AttendanceRecorded", booking_id=booking, participant_id=person, activity_id=activity,
        outcome="attended", minutes_attended=60, session_minutes=60,
    )  # fmt: skip


def consume(
    bootstrap: str, topic: str, engine: Any, messages: list[bytes | tuple[bytes, bytes | None]]
) -> None:
    """Put the messages on the broker (one key unless given) and run payments' consumer."""
    produce(bootstrap, topic, [m if isinstance(m, tuple) else (KEY, m) for m in messages])
    sub = subscription(build_bus(uow_factory=uow_factory(engine), settings=payments_settings()))
    sub.group, sub.topics = f"payments-test-{uuid.uuid4().hex[:8]}", [topic]
    sub.tombstones = {topic: sub.tombstones["recruitment.contact"]}  # the test's own topic
    runner = ConsumerRunner(
        sub, uow_factory(engine),
        consumer_factory=lambda: make_consumer(bootstrap, sub.group, [topic]),
        producer_factory=lambda: make_producer(bootstrap, "payments-test-dlq"),
    )  # fmt: skip
    with running(runner.run):
        wait_until(
            lambda: committed_offset(bootstrap, sub.group, topic) == len(messages),
            what="all handled",
        )


def fees(engine: Any) -> dict[str, int]:
    e = entitlements.c
    with engine.connect() as conn:
        return dict(conn.execute(select(e.activity_id, e.amount_pence)).all())


def tasks(engine: Any) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(outbox.c.payload)
            .where(outbox.c.event_type == "PaymentsStaffTask")
            .order_by(outbox.c.id)
        ).scalars()
        return [json.loads(row)["data"] for row in rows]


def taxi_free_line() -> list[ExpenseLine]:
    return [ExpenseLine("parking", 450, spent_on=date.today() - timedelta(days=1))]


def test_the_offer_is_what_attendance_pays(bootstrap: str, topic: str, tmp_path: Path) -> None:
    engine = migrated_engine("payments", tmp_path)
    uows = uow_factory(engine)
    paid, unpaid, expenses_only, own = (str(uuid.uuid4()) for _ in range(4))
    person = str(uuid.uuid4())
    bookings = {a: str(uuid.uuid4()) for a in (paid, unpaid, expenses_only, own)}
    coordinator = str(uuid.uuid4())
    handlers.set_policy(SetPolicy(own, "session", 3000, 0, False, coordinator), uows())
    consume(bootstrap, topic, engine, [
        offer(paid, 2500, True, minutes_ago=20),
        offer(paid, 4000, True),  # a later offer replaces the earlier one
        offer(unpaid, 0, False),
        offer(expenses_only, 0, True),
        offer(own, 9900, True),  # the coordinator's own policy wins
        *(attended(a, person, b) for a, b in bookings.items()),
    ])  # fmt: skip

    amounts = fees(engine)
    assert amounts == {paid: 4000, own: 3000}  # £40 for the hour; nothing for unpaid or expenses
    # Where each policy came from is kept: the offer, or a coordinator here.
    assert views.policy(paid, uows(), payments_settings())["source"] == "offer"
    assert views.policy(own, uows(), payments_settings())["source"] == "staff"

    # Expenses only: no fee, and the claim is accepted; unpaid: refused with a plain reason.
    claim_id = expenses.submit_claim(
        expenses.SubmitClaim(person, bookings[expenses_only], taxi_free_line(), person),
        [], uows(), _NoReceipts(),
    )  # fmt: skip
    assert expense_views.claim(claim_id, uows())["total_pence"] == 450  # type: ignore[index]
    with pytest.raises(ExpenseRejected) as refused:
        expenses.submit_claim(
            expenses.SubmitClaim(person, bookings[unpaid], taxi_free_line(), person),
            [], uows(), _NoReceipts(),
        )  # fmt: skip
    assert refused.value.message == UNPAID


def test_names_are_kept_and_erasure_forgets_them(
    bootstrap: str, topic: str, tmp_path: Path
) -> None:
    engine = migrated_engine("payments", tmp_path)
    kept, tombstoned, erased = (str(uuid.uuid4()) for _ in range(3))
    consume(bootstrap, topic, engine, [
        *((p.encode(), event("ContactDetailsChanged", participant_id=p, preferred_name=f"Name {n}"))
          for n, p in enumerate((kept, tombstoned, erased))),
        (tombstoned.encode(), None),  # recruitment's tombstone: forget their details
        (erased.encode(), event("ErasureRequested", participant_id=erased)),
    ])  # fmt: skip
    with engine.connect() as conn:
        names = dict(conn.execute(select(participant_names)).all())
    assert names == {kept: "Name 0"}


def test_claims_open_and_close_staff_tasks(bootstrap: str, topic: str, tmp_path: Path) -> None:
    engine = migrated_engine("payments", tmp_path)
    uows = uow_factory(engine)
    activity, person, booking = (str(uuid.uuid4()) for _ in range(3))
    consume(bootstrap, topic, engine, [
        offer(activity, 50_000, True), attended(activity, person, booking),
    ])  # fmt: skip
    opened = tasks(engine)
    assert [(t["kind"], t["state"]) for t in opened] == [("claim_needs_coordinator", "open")]
    fee = next(iter(fees(engine)))
    assert fee == activity
    with uows() as uow:
        entitlement_id = uow.entitlements.by_booking(booking).id
    assert opened[0]["path"] == f"/pay/manage/claims/{entitlement_id}"
    assert opened[0]["task_id"] == str(
        uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL, "https://chorus.nhs.uk/payments/staff-tasks"),
                   f"claim_needs_coordinator:{entitlement_id}")
    )  # fmt: skip

    cora, fin = str(uuid.uuid4()), str(uuid.uuid4())
    config = payments_settings()  # £500 for an hour is over the finance threshold
    handlers.approve(
        Approve(entitlement_id, Approver(cora, frozenset({"coordinator"}))), uows(), config
    )
    after_coordinator = [(t["kind"], t["state"]) for t in tasks(engine)[1:]]
    assert after_coordinator == [
        ("claim_needs_coordinator", "done"), ("claim_needs_finance", "open"),
    ]  # fmt: skip
    finance = Approver(fin, frozenset({"finance_approver"}))
    handlers.approve(Approve(entitlement_id, finance), uows(), config)
    assert [(t["kind"], t["state"]) for t in tasks(engine)[3:]] == [
        ("claim_needs_coordinator", "done"), ("claim_needs_finance", "done"),
    ]  # fmt: skip


class _NoReceipts:
    def check(self, files: list[bytes]) -> list[Any]:
        return []

    def save(self, data: bytes) -> tuple[str, bool]:
        raise AssertionError("no receipts in these claims")

    def remove(self, sha256: str) -> None:
        pass
