"""Payments' use cases with in-memory fakes: attendance once per booking, payouts never twice."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from services.payments.choices import service_layer as choices
from services.payments.config import load_settings as payments_settings
from services.payments.entitlements import service_layer as handlers
from services.payments.entitlements.commands import Approve, Reject, SetPolicy
from services.payments.entitlements.domain.model import (
    ApprovalRefused,
    Approver,
    Entitlement,
)
from services.payments.entitlements.domain.policy import PaymentPolicy
from services.payments.entitlements.entrypoints.consumed import attendance_recorded
from services.payments.payouts.service_layer import onboarding, payouts, stripe_events
from services.payments.payouts.service_layer.stripe_events import StripeNotice
from services.payments.ports import TransferRefused, TransferUncertain
from tests.payments.fakes import FakeTransfers, FakeUnitOfWork

CONFIG = payments_settings()
COORDINATOR = Approver("cora", frozenset({"coordinator"}))


def attended(booking_id: str, activity_id: str, outcome: str = "partly_attended") -> dict:
    return {
        "booking_id": uuid.UUID(booking_id),
        "participant_id": uuid.uuid4(),
        "activity_id": uuid.UUID(activity_id),
        "outcome": outcome,
        "minutes_attended": 60,
        "session_minutes": 90,
    }


def test_attendance_uses_the_activity_policy_and_counts_once_per_booking() -> None:
    uow, booking, activity = FakeUnitOfWork(), str(uuid.uuid4()), str(uuid.uuid4())
    handlers.set_policy(SetPolicy(activity, "session", 4500, 0, False, "cora"), uow)
    handlers.record_attendance(attendance_recorded(attended(booking, activity)), uow, CONFIG)
    handlers.record_attendance(
        attendance_recorded(attended(booking, activity, "attended")), uow, CONFIG
    )
    [entitlement] = uow.entitlements.rows.values()
    assert entitlement.amount_pence == 3000  # 60 of 90 minutes of £45


def test_attendance_without_a_policy_uses_the_organisation_default() -> None:
    uow = FakeUnitOfWork()
    handlers.record_attendance(
        attendance_recorded(attended(str(uuid.uuid4()), str(uuid.uuid4()))), uow, CONFIG
    )
    [entitlement] = uow.entitlements.rows.values()
    assert entitlement.amount_pence == 2500  # an hour at NIHR's £25


def test_changing_a_policy_updates_it_in_place() -> None:
    uow, activity = FakeUnitOfWork(), str(uuid.uuid4())
    handlers.set_policy(SetPolicy(activity, "session", 4500, 0, False, "cora"), uow)
    handlers.set_policy(SetPolicy(activity, "hour", 3000, 15, True, "finn"), uow)
    policy: PaymentPolicy = uow.policies.rows[activity]
    assert (policy.rate_kind, policy.rate_pence, policy.updated_by) == ("hour", 3000, "finn")


def approved(uow: FakeUnitOfWork, account: str | None = "acct_123") -> Entitlement:
    entitlement = Entitlement.adjustment(str(uuid.uuid4()), "a", 2000, "paper", "finn", _now())
    uow.entitlements.add(entitlement)
    handlers.approve(Approve(entitlement.id, COORDINATOR), uow, CONFIG)
    if account:
        uow.accounts[entitlement.participant_id] = account
    return entitlement


def _now() -> datetime:
    return datetime.now(UTC)


def test_a_payout_waits_for_a_stripe_account_and_is_paid_once_it_is_ready() -> None:
    uow, stripe = FakeUnitOfWork(), FakeTransfers()
    entitlement = approved(uow, account=None)
    assert payouts.request_payout(entitlement.id, "cora", uow, stripe) == payouts.WAITING
    assert payouts.request_payout(entitlement.id, "cora", uow, stripe) == payouts.WAITING
    uow.accounts.set(entitlement.participant_id, "acct_new", entitlement.participant_id, _now(),
                     ready=False)  # fmt: skip
    assert onboarding.pay_waiting(None, lambda: uow, stripe) == {}  # onboarding not finished
    assert entitlement.status == "approved" and stripe.calls == []
    later, earlier = _now(), _now() - timedelta(minutes=5)
    ready = onboarding.account_updated("evt_1", "acct_new", True, True, later, uow)
    assert ready == entitlement.participant_id
    # An older update arriving late does not take readiness away.
    assert onboarding.account_updated("evt_0", "acct_new", False, False, earlier, uow) is not None
    assert onboarding.account_updated("evt_1", "acct_new", True, True, later, uow) is None  # seen
    assert onboarding.pay_waiting(ready, lambda: uow, stripe) == {entitlement.id: "sent"}
    assert onboarding.pay_waiting(ready, lambda: uow, stripe) == {}
    assert [c[1:] for c in stripe.calls] == [("acct_new", f"payout-{entitlement.id}-v1")]


def test_nobody_queues_a_payout_to_themselves() -> None:
    uow = FakeUnitOfWork()
    entitlement = approved(uow, account=None)
    with pytest.raises(ApprovalRefused, match="themselves"):
        payouts.request_payout(entitlement.id, entitlement.participant_id, uow, FakeTransfers())
    assert uow.payouts.waits == {}


def test_a_wait_for_a_claim_no_longer_payable_is_dropped() -> None:
    uow, stripe = FakeUnitOfWork(), FakeTransfers()
    entitlement = approved(uow, account=None)
    payouts.request_payout(entitlement.id, "cora", uow, stripe)
    entitlement.status = "rejected"
    uow.accounts[entitlement.participant_id] = "acct_ok"
    assert onboarding.pay_waiting(None, lambda: uow, stripe) == {entitlement.id: "dropped"}
    assert uow.payouts.waits == {} and stripe.calls == []


def test_asking_twice_pays_once() -> None:
    uow, stripe = FakeUnitOfWork(), FakeTransfers()
    entitlement = approved(uow)
    assert payouts.request_payout(entitlement.id, "cora", uow, stripe) == "sent"
    assert payouts.request_payout(entitlement.id, "cora", uow, stripe) == "sent"
    assert stripe.calls == [(2000, "acct_123", f"payout-{entitlement.id}-v1")]


def test_an_uncertain_transfer_is_resumed_later_with_the_same_key() -> None:
    uow, stripe = FakeUnitOfWork(), FakeTransfers(TransferUncertain("timeout"))
    entitlement = approved(uow)
    assert payouts.request_payout(entitlement.id, "cora", uow, stripe) == "started"
    assert payouts.resume_started(lambda: uow, stripe, timedelta(0)) == 1
    assert [call[2] for call in stripe.calls] == [f"payout-{entitlement.id}-v1"] * 2
    [payout] = uow.payouts.rows.values()
    assert payout.status == "sent" and entitlement.status == "paying"


def test_an_attempt_older_than_stripes_key_memory_is_left_for_a_person() -> None:
    uow, stripe = FakeUnitOfWork(), FakeTransfers(TransferUncertain("timeout"))
    entitlement = approved(uow)
    payouts.request_payout(entitlement.id, "cora", uow, stripe)
    [payout] = uow.payouts.rows.values()
    payout.created_at = payout.updated_at = _now() - timedelta(hours=25)
    assert payouts.resume_started(lambda: uow, stripe, timedelta(0)) == 0
    assert payouts.send(payout.id, uow, stripe) == "started"
    assert len(stripe.calls) == 1


def test_a_refused_transfer_fails_the_payout() -> None:
    uow = FakeUnitOfWork()
    entitlement = approved(uow)
    status = payouts.request_payout(
        entitlement.id, "cora", uow, FakeTransfers(TransferRefused("account_invalid"))
    )
    assert status == "failed" and entitlement.status == "failed"


def test_stripe_events_count_once_and_settle_the_claim() -> None:
    uow = FakeUnitOfWork()
    entitlement = approved(uow)
    payouts.request_payout(entitlement.id, "cora", uow, FakeTransfers())
    [payout] = uow.payouts.rows.values()
    made = StripeNotice("evt_1", "transfer.created", None, payout.transfer_id, _now())
    assert stripe_events.handle(made, uow)
    again = dataclasses.replace(made, event_type="transfer.reversed", amount_reversed=2500)
    assert not stripe_events.handle(again, uow)
    assert payout.status == "paid" and entitlement.status == "paid"


def test_attendance_of_someone_forgotten_earns_no_entitlement() -> None:
    uow, data = FakeUnitOfWork(), attended(str(uuid.uuid4()), str(uuid.uuid4()), "attended")
    uow.erasures.add(str(data["participant_id"]))
    handlers.record_attendance(attendance_recorded(data), uow, CONFIG)
    assert uow.entitlements.rows == {}


def test_a_staff_member_linked_to_the_participant_never_decides_or_pays() -> None:
    uow, stripe = FakeUnitOfWork(), FakeTransfers()
    entitlement = Entitlement.adjustment(str(uuid.uuid4()), "a", 2000, "paper", "finn", _now())
    uow.entitlements.add(entitlement)
    uow.staff_links["cora"] = entitlement.participant_id  # Cora is also this participant
    with pytest.raises(ApprovalRefused, match="themselves"):
        handlers.approve(Approve(entitlement.id, COORDINATOR), uow, CONFIG)
    with pytest.raises(ApprovalRefused, match="themselves"):
        handlers.reject(Reject(entitlement.id, COORDINATOR, "not on the register"), uow)
    other = Approver("olu", frozenset({"coordinator"}))
    handlers.approve(Approve(entitlement.id, other), uow, CONFIG)
    uow.accounts[entitlement.participant_id] = "acct_1"
    with pytest.raises(ApprovalRefused, match="themselves"):
        choices.request_payout(entitlement.id, "cora", uow, stripe)  # type: ignore[arg-type]
    assert entitlement.status == "approved" and stripe.calls == []
