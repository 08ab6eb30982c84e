"""Payments' domain rules: what attendance earns, four-eyes approval, payout states."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from services.payments.domain.events import (
    ClaimApproved,
    ClaimRejected,
    Decision,
    EntitlementCreated,
    LedgerEntry,
    PayoutFailed,
    PayoutSent,
)
from services.payments.domain.tasks import claim_tasks
from services.payments.entitlements.domain.model import (
    SYSTEM,
    ApprovalRefused,
    Approver,
    Attendance,
    Entitlement,
)
from services.payments.entitlements.domain.policy import (
    NIHR_HOURLY_RATE_PENCE,
    Offer,
    PaymentPolicy,
    PolicyRejected,
    default_policy,
    round_half_up,
)
from services.payments.payouts.domain.payout import PayoutAttempt

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
THRESHOLD = 10_000


def policy(
    kind: str = "hour", rate: int = 2500, prep: int = 0, late: bool = False
) -> PaymentPolicy:
    return PaymentPolicy(str(uuid.uuid4()), kind, rate, prep, late, "staff", NOW)


def attendance(outcome: str = "attended", minutes: int = 90, of: int = 90) -> Attendance:
    return Attendance(str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4()), outcome, minutes, of)


def coordinator(name: str = "cora") -> Approver:
    return Approver(name, frozenset({"coordinator"}))


def finance(name: str = "finn") -> Approver:
    return Approver(name, frozenset({"finance_approver"}))


def earned(amount_rate: int = 2500, minutes: int = 60) -> Entitlement:
    entitlement = Entitlement.from_attendance(
        attendance(minutes=minutes, of=minutes), policy(rate=amount_rate), NOW
    )
    assert entitlement is not None
    return entitlement


@pytest.mark.parametrize(
    ("numerator", "denominator", "rounded"),
    [(0, 60, 0), (1, 2, 1), (3, 2, 2), (149, 100, 1), (150, 100, 2), (2501 * 45, 90, 1251)],
)
def test_pence_round_half_up_in_integers(numerator: int, denominator: int, rounded: int) -> None:
    assert round_half_up(numerator, denominator) == rounded


@pytest.mark.parametrize(
    ("rule", "outcome", "minutes", "amount"),
    [
        (policy("hour", 2500, prep=30), "attended", 90, 5000),  # 90 min + 30 min preparation
        (policy("hour", 2500), "partly_attended", 45, 1875),
        (policy("hour", 2500, prep=30), "partly_attended", 30, 2500),  # preparation in full
        (policy("session", 3000), "partly_attended", 40, 1333),  # 40/90 of £30 = 1333.3p
        (policy("session", 2501), "partly_attended", 45, 1251),  # half a penny rounds up
        (policy("day", 15000, prep=60), "attended", 90, 15000),  # a day rate includes prep
        (policy("session", 3000), "partly_attended", 500, 3000),  # never more than the session
        (policy("hour", 2500), "no_show", 0, 0),
        (policy("hour", 2500), "excused", 0, 0),
        (policy("session", 3000, late=True), "excused", 0, 3000),
    ],
)
def test_what_attendance_earns(
    rule: PaymentPolicy, outcome: str, minutes: int, amount: int
) -> None:
    assert rule.amount_for(outcome, minutes, 90) == amount


def test_nothing_owed_means_no_entitlement() -> None:
    assert Entitlement.from_attendance(attendance("no_show", 0), policy(), NOW) is None
    assert Entitlement.from_attendance(attendance("excused", 0), policy(), NOW) is None


def test_the_default_policy_follows_nihr_guidance() -> None:
    default = default_policy("a", NOW)
    assert (default.rate_kind, default.rate_pence) == ("hour", NIHR_HOURLY_RATE_PENCE)
    assert default_policy("a", NOW, "session", 4000).rate_pence == 4000


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "week"}, "rate_kind"),
        ({"rate": -1}, "rate_pence"),
        ({"prep": 900}, "preparation_minutes"),
    ],
)
def test_a_policy_refuses_nonsense(kwargs: dict, field: str) -> None:
    with pytest.raises(PolicyRejected) as refused:
        policy(**kwargs)
    assert refused.value.field == field


def test_an_entitlement_from_attendance_is_created_by_the_system_and_owed_in_the_ledger() -> None:
    entitlement = earned()
    assert entitlement.created_by == SYSTEM and entitlement.status == "pending"  # no recorder
    kinds = [type(e) for e in entitlement.events]
    assert kinds == [Decision, LedgerEntry, EntitlementCreated]
    ledger = [e for e in entitlement.events if isinstance(e, LedgerEntry)]
    assert [(e.kind, e.amount_pence) for e in ledger] == [("owed", 2500)]


def test_a_coordinator_approves_a_small_claim_alone() -> None:
    entitlement = earned()
    entitlement.events.clear()
    entitlement.approve(coordinator(), THRESHOLD, NOW)
    assert entitlement.status == "approved" and entitlement.approval_version == 1
    assert isinstance(entitlement.events[-1], ClaimApproved)


def test_above_the_threshold_a_different_finance_approver_is_needed() -> None:
    entitlement = earned(amount_rate=12_000)
    entitlement.approve(coordinator(), THRESHOLD, NOW)
    assert entitlement.status == "awaiting_finance" and entitlement.approval_version == 0
    with pytest.raises(ApprovalRefused, match="finance approver"):
        entitlement.approve(coordinator("other"), THRESHOLD, NOW)
    both = Approver("cora", frozenset({"coordinator", "finance_approver"}))
    with pytest.raises(ApprovalRefused, match="second person"):
        entitlement.approve(both, THRESHOLD, NOW)
    entitlement.approve(finance(), THRESHOLD, NOW)
    assert entitlement.status == "approved" and entitlement.finance_approved_by == "finn"


def test_exactly_the_threshold_needs_no_finance_approval() -> None:
    entitlement = earned(amount_rate=THRESHOLD)
    entitlement.approve(coordinator(), THRESHOLD, NOW)
    assert entitlement.status == "approved"


def test_finance_cannot_approve_first() -> None:
    with pytest.raises(ApprovalRefused, match="coordinator approves"):
        earned().approve(finance(), THRESHOLD, NOW)


def test_nobody_approves_a_claim_they_entered_or_one_paying_themselves() -> None:
    adjustment = Entitlement.adjustment("p-1", "a-1", 2000, "paper register", "cora", NOW)
    with pytest.raises(ApprovalRefused, match="You entered this claim"):
        adjustment.approve(coordinator("cora"), THRESHOLD, NOW)
    with pytest.raises(ApprovalRefused, match="You entered this claim"):
        adjustment.reject(coordinator("cora"), "no", NOW)
    with pytest.raises(ApprovalRefused, match="to themselves"):
        adjustment.approve(coordinator("p-1"), THRESHOLD, NOW)
    adjustment.approve(coordinator("other"), THRESHOLD, NOW)
    assert adjustment.status == "approved"


def test_whoever_marked_the_register_never_decides_on_the_fee_it_made() -> None:
    marked = dataclasses.replace(attendance("partly_attended", 45, 60), recorded_by="cora")
    fee = Entitlement.from_attendance(marked, policy(kind="session", rate=2500), NOW)
    assert fee is not None and fee.amount_pence == 1875  # pro rata: 45 of 60 minutes of £25
    assert fee.created_by == "cora"
    assert fee.from_register == {
        "outcome": "partly_attended", "minutes": 45, "length": 60, "rate": 2500,
        "kind": "session", "preparation": 0,
    }  # fmt: skip
    with pytest.raises(ApprovalRefused, match="You marked the register"):
        fee.approve(coordinator("cora"), THRESHOLD, NOW)
    with pytest.raises(ApprovalRefused, match="You marked the register"):
        fee.reject(coordinator("cora"), "no", NOW)
    fee.approve(coordinator("dai"), THRESHOLD, NOW)
    assert fee.status == "approved"
    # Entered by hand, or an expense claim: not from the register, whatever its note says.
    by_hand = Entitlement.adjustment("p-1", "a-1", 2000, "attended: 45 of 60 min", "cora", NOW)
    assert by_hand.from_register is None


def test_a_changed_amount_keeps_whoever_changed_it_out_and_is_in_the_ledger() -> None:
    fee = earned(2500, 60)
    with pytest.raises(ApprovalRefused, match="Say why"):
        fee.change_amount(coordinator("dai"), 1875, " ", NOW)
    with pytest.raises(ApprovalRefused, match="A coordinator changes"):
        fee.change_amount(finance("finn"), 1875, "left early", NOW)
    with pytest.raises(ApprovalRefused, match="new amount"):
        fee.change_amount(coordinator("dai"), fee.amount_pence, "same", NOW)
    fee.events.clear()
    fee.change_amount(coordinator("dai"), 1875, "left early", NOW)
    assert fee.amount_pence == 1875 and fee.amount_changed_by == "dai"
    [decision, ledger] = fee.events
    assert isinstance(decision, Decision) and decision.reason == "2500:1875:left early"
    assert isinstance(ledger, LedgerEntry) and ledger.amount_pence == 1875 - 2500
    with pytest.raises(ApprovalRefused, match="You changed the amount"):
        fee.approve(coordinator("dai"), THRESHOLD, NOW)
    fee.approve(coordinator("eve"), THRESHOLD, NOW)
    with pytest.raises(ApprovalRefused, match="whose amount they changed"):
        fee.check_payable("dai")
    with pytest.raises(ApprovalRefused) as late:
        fee.change_amount(coordinator("eve"), 2000, "again", NOW)
    assert late.value.conflict


def test_a_rejection_needs_a_reason_and_cancels_what_was_owed() -> None:
    entitlement = earned()
    with pytest.raises(ApprovalRefused, match="reason"):
        entitlement.reject(coordinator(), "   ", NOW)
    entitlement.reject(coordinator(), "Paid under another claim.", NOW)
    assert entitlement.status == "rejected"
    assert isinstance(entitlement.events[-1], ClaimRejected)
    assert entitlement.events[-2] == LedgerEntry(
        entitlement.id, entitlement.participant_id, "cancelled", -2500, None, NOW
    )
    with pytest.raises(ApprovalRefused) as refused:
        entitlement.approve(coordinator("other"), THRESHOLD, NOW)
    assert refused.value.conflict


def test_the_idempotency_key_names_the_claim_and_its_approval() -> None:
    entitlement = earned()
    with pytest.raises(ApprovalRefused, match="approved"):
        entitlement.payout_started("cora", NOW)
    entitlement.approve(coordinator(), THRESHOLD, NOW)
    assert entitlement.payout_started("cora", NOW) == f"payout-{entitlement.id}-v1"
    assert entitlement.status == "paying"


def attempt() -> PayoutAttempt:
    return PayoutAttempt.start("e-1", "p-1", 1, "payout-e-1-v1", 2500, "acct_1", "cora", NOW)


def test_a_payout_is_sent_once_and_confirmed_once() -> None:
    payout = attempt()
    assert payout.sent("tr_1", NOW) and not payout.sent("tr_1", NOW)
    assert [type(e) for e in payout.events] == [LedgerEntry, PayoutSent]
    assert payout.confirmed("tr_1", NOW) and payout.status == "paid"
    assert not payout.confirmed("tr_1", NOW)


def test_a_confirmation_arriving_before_our_record_still_counts_once() -> None:
    payout = attempt()
    assert payout.confirmed("tr_1", NOW) and payout.status == "paid"
    assert not payout.sent("tr_1", NOW)
    assert [type(e) for e in payout.events] == [LedgerEntry, PayoutSent]


def test_a_late_success_never_undoes_a_failure_but_a_reversal_undoes_a_payment() -> None:
    refused = attempt()
    assert refused.failed("account_invalid", NOW)
    assert not refused.confirmed("tr_1", NOW) and refused.status == "failed"
    assert [type(e) for e in refused.events] == [PayoutFailed]  # no money moved

    reversed_ = attempt()
    reversed_.confirmed("tr_1", NOW)
    assert reversed_.failed("transfer.reversed", NOW) and reversed_.status == "failed"
    ledger = [e for e in reversed_.events if isinstance(e, LedgerEntry)]
    assert [(e.kind, e.amount_pence) for e in ledger] == [("paid_out", -2500), ("reversed", 2500)]


# Offers (recruitment's ActivityPublished) and the staff tasks claims open and close.
def test_a_later_offer_replaces_an_offered_policy_but_never_a_coordinators() -> None:
    activity, later = str(uuid.uuid4()), NOW + timedelta(minutes=5)
    offered = Offer(activity, 2500, "hour", True, NOW).as_policy()
    assert offered.source == "offer" and not offered.unpaid
    assert offered.take_offer(Offer(activity, 4000, "hour", True, later))
    assert offered.amount_for("attended", 60, 60) == 4000
    assert not offered.take_offer(Offer(activity, 100, "hour", True, NOW))  # older: ignored
    assert offered.rate_pence == 4000
    assert offered.take_offer(Offer(activity, 0, "session", False, later + timedelta(seconds=1)))
    assert offered.unpaid and offered.amount_for("attended", 60, 60) == 0
    own = policy("session", 3000)  # a coordinator set it in payments
    assert not own.take_offer(Offer(own.activity_id, 9900, "hour", True, later))
    assert (own.rate_kind, own.rate_pence) == ("session", 3000)


def test_claim_tasks_follow_the_claim() -> None:
    coordinator = Approver(str(uuid.uuid4()), frozenset({"coordinator"}))
    finance = Approver(str(uuid.uuid4()), frozenset({"finance_approver"}))
    entered_by = str(uuid.uuid4())
    claim = Entitlement.adjustment(
        str(uuid.uuid4()), str(uuid.uuid4()), 20_000, "paper", entered_by, NOW
    )

    def states(keep_out: list[str] | None = None) -> list[tuple[str, str]]:
        found = claim_tasks(claim, keep_out or [], NOW)
        claim.events.clear()
        return [(t.kind, t.state) for t in found]

    opened = claim_tasks(claim, [entered_by], NOW)
    assert opened[0].path == f"/pay/manage/claims/{claim.id}"
    assert opened[0].not_for_staff_ids == [entered_by] and opened[0].amount_pence == 20_000
    assert states() == [("claim_needs_coordinator", "open")]
    claim.approve(coordinator, 10_000, NOW)
    assert states() == [("claim_needs_coordinator", "done"), ("claim_needs_finance", "open")]
    claim.approve(finance, 10_000, NOW)
    assert states() == [("claim_needs_coordinator", "done"), ("claim_needs_finance", "done")]
    claim.payout_started(coordinator.id, NOW)
    assert states() == []


def test_a_part_reversal_is_recorded_once_and_only_all_of_it_back_fails_the_payout() -> None:
    attempt = PayoutAttempt.start("e", "p", 1, "k", 2000, "acct_1", "finn", NOW)
    attempt.sent("tr_1", NOW)
    attempt.events.clear()
    assert attempt.reversed("tr_1", 500, NOW) and attempt.status == "sent"
    assert not attempt.reversed("tr_1", 500, NOW)  # the same event again
    assert attempt.reversed("tr_1", 1200, NOW)
    assert not attempt.reversed("tr_1", 500, NOW)  # an older event arriving late
    assert attempt.reversed("tr_1", 2000, NOW) and attempt.status == "failed"
    back = [e.amount_pence for e in attempt.events if isinstance(e, LedgerEntry)]
    assert back == [500, 700, 800]  # never more than was paid
    assert not attempt.reversed("tr_1", 2000, NOW)
