"""Expense rules, budgets and the finance export's arithmetic, with in-memory fakes only."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from services.payments.domain.events import BudgetWarning, ClaimSubmitted
from services.payments.entitlements.domain.model import Attendance, Entitlement
from services.payments.entitlements.domain.policy import default_policy
from services.payments.expenses.adapters import exports
from services.payments.expenses.adapters.receipts import ReceiptStore, sniff
from services.payments.expenses.domain.budget import Budget, BudgetRejected
from services.payments.expenses.domain.expenses import (
    HMRC_MILEAGE_PENCE_PER_MILE,
    ExpenseClaim,
    ExpenseLine,
    ExpensePolicy,
    ExpenseRejected,
    Receipt,
    pounds,
)
from services.payments.expenses.service_layer import expenses
from tests.payments.fakes import FakeUnitOfWork

NOW = datetime(2026, 12, 3, 18, 30, tzinfo=UTC)
ACTIVITY = str(uuid.uuid4())
PERSON = str(uuid.uuid4())
RECEIPT = Receipt("a" * 64, "image/png", 100)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 50
POLICY = ExpensePolicy(ACTIVITY)


def price(line: ExpenseLine, receipt: bool = True, policy: ExpensePolicy = POLICY) -> int:
    return policy.price(line, receipt)


def refused(line: ExpenseLine, receipt: bool = True, policy: ExpensePolicy = POLICY) -> str:
    with pytest.raises(ExpenseRejected) as caught:
        policy.price(line, receipt)
    return caught.value.message


def test_mileage_is_miles_times_the_rate_hmrc_by_default() -> None:
    assert HMRC_MILEAGE_PENCE_PER_MILE == 45
    assert price(ExpenseLine("mileage", miles=23)) == 23 * 45
    own = ExpensePolicy(ACTIVITY, mileage_pence_per_mile=30)
    assert price(ExpenseLine("mileage", miles=10), policy=own) == 300


def test_mileage_needs_sane_whole_miles_and_no_amount() -> None:
    assert "miles" in refused(ExpenseLine("mileage", miles=0))
    assert "miles" in refused(ExpenseLine("mileage", miles=-5))
    assert "miles" in refused(ExpenseLine("mileage", miles=5000))
    assert "not an amount" in refused(ExpenseLine("mileage", amount_pence=900, miles=2))


def test_negative_zero_and_absurd_amounts_are_refused_clearly() -> None:
    assert "at least 1p" in refused(ExpenseLine("parking", amount_pence=-100))
    assert "at least 1p" in refused(ExpenseLine("parking", amount_pence=0))
    assert "£500.00" in refused(ExpenseLine("public_transport", amount_pence=9_999_999))
    assert "at least 1p" in refused(ExpenseLine("parking", amount_pence=True))  # type: ignore[arg-type]


def test_each_category_has_its_rule() -> None:
    assert "limited to £20.00" in refused(ExpenseLine("parking", amount_pence=2001))
    assert price(ExpenseLine("parking", amount_pence=2000), receipt=False) == 2000
    assert "needs a receipt" in refused(ExpenseLine("public_transport", amount_pence=500), False)
    assert price(ExpenseLine("public_transport", amount_pence=1234)) == 1234
    assert "agreed it beforehand" in refused(ExpenseLine("taxi", amount_pence=1500))
    assert price(ExpenseLine("taxi", amount_pence=1500, prior_approval=True)) == 1500
    assert "Carer or childcare cover is limited" in refused(
        ExpenseLine("care_cover", amount_pence=6001)
    )
    assert "Overnight stay needs a receipt" in refused(
        ExpenseLine("overnight", amount_pence=9000), False
    )
    assert "Choose from" in refused(ExpenseLine("champagne", amount_pence=100))


def test_a_category_the_activity_does_not_cover_is_refused() -> None:
    online = ExpensePolicy(ACTIVITY, covered=("data_device",))
    assert "Taxi is not covered" in refused(
        ExpenseLine("taxi", amount_pence=100, prior_approval=True), policy=online
    )
    assert price(ExpenseLine("data_device", amount_pence=1500), policy=online) == 1500


def test_policy_limits_are_checked() -> None:
    with pytest.raises(ExpenseRejected):
        ExpensePolicy(ACTIVITY, limits_pence={"parking": -1})
    with pytest.raises(ExpenseRejected):
        ExpensePolicy(ACTIVITY, limits_pence={"mileage": 100})
    with pytest.raises(ExpenseRejected):
        ExpensePolicy(ACTIVITY, mileage_pence_per_mile=1000)
    with pytest.raises(ExpenseRejected):
        ExpensePolicy(ACTIVITY, covered=("yacht",))


def test_pounds_from_pence_uses_integers() -> None:
    assert pounds(1050) == "£10.50"
    assert pounds(5) == "£0.05"
    assert exports.gbp(-1234) == "-12.34"
    assert exports.gbp(7) == "0.07"
    assert exports.gbp(100_000_01) == "100000.01"


def submit(outcome: str | None, lines: list[ExpenseLine], by: str = PERSON) -> ExpenseClaim:
    return ExpenseClaim.submit(
        PERSON, ACTIVITY, "booking", outcome, lines, [RECEIPT], POLICY, by, NOW
    )


def test_a_claim_is_only_for_a_session_attended() -> None:
    for outcome in (None, "no_show", "excused", "adjustment"):
        with pytest.raises(ExpenseRejected, match="sessions you attended"):
            submit(outcome, [ExpenseLine("parking", amount_pence=500)])
    claim = submit("partly_attended", [ExpenseLine("parking", amount_pence=500)])
    assert claim.total_pence == 500


def test_a_claim_totals_its_lines_and_announces_once_it_is_an_entitlement() -> None:
    lines = [ExpenseLine("mileage", miles=10), ExpenseLine("parking", amount_pence=600)]
    claim = submit("attended", lines, by="coordinator-1")
    assert claim.total_pence == 450 + 600
    assert "mileage 10 mi = 450p" in claim.basis
    assert claim.events == []
    claim.submitted("ent-1")
    (event,) = claim.events
    assert isinstance(event, ClaimSubmitted)
    assert event.amount_pence == 1050
    assert event.categories == ["mileage", "parking"]
    assert event.by_participant is False


def test_one_bad_line_refuses_the_whole_claim() -> None:
    with pytest.raises(ExpenseRejected):
        submit("attended", [ExpenseLine("parking", amount_pence=500), ExpenseLine("taxi", 900)])
    with pytest.raises(ExpenseRejected, match="1 to 20"):
        submit("attended", [])


def test_budget_warns_at_80_and_100_percent_once_each() -> None:
    budget = Budget(ACTIVITY, 10_000, "fin", NOW)
    budget.observe(7_999, NOW)
    assert budget.events == []
    budget.observe(8_000, NOW)
    budget.observe(9_000, NOW)
    assert [e.threshold_percent for e in budget.events] == [80]  # type: ignore[attr-defined]
    budget.observe(12_000, NOW)
    budget.observe(13_000, NOW)
    assert [e.threshold_percent for e in budget.events] == [80, 100]  # type: ignore[attr-defined]
    assert all(isinstance(e, BudgetWarning) for e in budget.events)
    assert budget.percent_used(12_000) == 120


def test_a_jump_past_both_thresholds_warns_for_both() -> None:
    budget = Budget(ACTIVITY, 100, "fin", NOW)
    budget.observe(100, NOW)
    assert [e.threshold_percent for e in budget.events] == [80, 100]  # type: ignore[attr-defined]


def test_budgets_must_be_sane() -> None:
    for bad in (0, -1, 10**12, True):
        with pytest.raises(BudgetRejected):
            Budget(ACTIVITY, bad, "fin", NOW)


def test_receipts_are_judged_by_their_bytes_and_size(tmp_path: Path) -> None:
    store = ReceiptStore(tmp_path, max_bytes=100)
    assert sniff(b"\xff\xd8\xff\xe0rest") == "image/jpeg"
    assert sniff(b"%PDF-1.7") == "application/pdf"
    assert sniff(b"GIF89a") is None
    with pytest.raises(ExpenseRejected, match="JPEG or PNG"):
        store.check([b"<html>not a photo</html>"])
    with pytest.raises(ExpenseRejected, match="too big"):
        store.check([PNG + b"\x00" * 100])
    with pytest.raises(ExpenseRejected, match="empty"):
        store.check([b""])
    (receipt,) = store.check([PNG])
    assert receipt.content_type == "image/png"
    assert list(tmp_path.iterdir()) == []  # checking writes nothing
    assert store.save(PNG) == (receipt.sha256, True)
    assert store.save(PNG) == (receipt.sha256, False)  # the same bytes are stored once
    assert store.read(receipt.sha256) == PNG


# The use case with fakes: nothing is written when a claim is refused.
def attended(uow: FakeUnitOfWork, outcome: str = "attended") -> str:
    booking = str(uuid.uuid4())
    policy = default_policy(ACTIVITY, NOW)
    fee = Entitlement.from_attendance(
        Attendance(booking, PERSON, ACTIVITY, outcome, 60, 60), policy, NOW
    )
    assert fee is not None
    uow.entitlements.add(fee)
    return booking


def claim_cmd(booking: str, *lines: ExpenseLine, by: str = PERSON) -> Any:
    return expenses.SubmitClaim(PERSON, booking, list(lines), by)


def test_submitting_makes_a_separate_entitlement_and_stores_receipts(tmp_path: Path) -> None:
    uow, store = FakeUnitOfWork(), ReceiptStore(tmp_path)
    booking = attended(uow)
    cmd = claim_cmd(booking, ExpenseLine("mileage", miles=4), ExpenseLine("parking", 300))
    claim_id = expenses.submit_claim(cmd, [PNG], uow, store)
    claim = uow.expenses.claims[claim_id]
    entitlement = uow.entitlements.rows[claim.entitlement_id]  # type: ignore[index]
    assert entitlement.booking_id is None  # the fee keeps the booking; this is the expenses
    assert entitlement.amount_pence == 480 == claim.total_pence
    assert entitlement.created_by == PERSON
    assert store.path(claim.receipts[0].sha256).read_bytes() == PNG


def test_refused_claims_store_nothing(tmp_path: Path) -> None:
    uow, store = FakeUnitOfWork(), ReceiptStore(tmp_path)
    booking = attended(uow)
    no_show = attended(uow, "partly_attended")
    bad = [
        (claim_cmd(booking, ExpenseLine("parking", -5)), [PNG]),
        (claim_cmd(booking, ExpenseLine("parking", 300)), [b"MZ\x90\x00 an exe"]),
        (claim_cmd(str(uuid.uuid4()), ExpenseLine("parking", 300)), [PNG]),
        (claim_cmd(booking, ExpenseLine("taxi", 900)), [PNG]),
    ]
    for cmd, files in bad:
        with pytest.raises(ExpenseRejected):
            expenses.submit_claim(cmd, files, uow, store)
    assert uow.expenses.claims == {}
    assert len(uow.entitlements.rows) == 2  # only the two fees
    assert list(tmp_path.iterdir()) == []
    # A failed commit takes its new files away again.
    uow.fail = True
    with pytest.raises(RuntimeError):
        expenses.submit_claim(claim_cmd(no_show, ExpenseLine("parking", 300)), [PNG], uow, store)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_second_claim_for_the_same_session_is_a_conflict(tmp_path: Path) -> None:
    uow, store = FakeUnitOfWork(), ReceiptStore(tmp_path)
    booking = attended(uow)
    expenses.submit_claim(claim_cmd(booking, ExpenseLine("parking", 300)), [], uow, store)
    with pytest.raises(ExpenseRejected) as caught:
        expenses.submit_claim(claim_cmd(booking, ExpenseLine("parking", 200)), [], uow, store)
    assert caught.value.conflict


def test_someone_elses_booking_is_no_record(tmp_path: Path) -> None:
    uow, store = FakeUnitOfWork(), ReceiptStore(tmp_path)
    booking = attended(uow)
    cmd = expenses.SubmitClaim(str(uuid.uuid4()), booking, [ExpenseLine("parking", 300)], "x")
    with pytest.raises(ExpenseRejected, match="no record"):
        expenses.submit_claim(cmd, [], uow, store)


def test_export_period_is_uk_days_inclusive() -> None:
    since, until = exports.period(date(2026, 6, 1), date(2026, 6, 30))
    assert since == datetime(2026, 5, 31, 23, 0, tzinfo=UTC)  # BST
    assert until == datetime(2026, 6, 30, 23, 0, tzinfo=UTC)
    with pytest.raises(exports.ExportRefused):
        exports.period(date(2026, 6, 2), date(2026, 6, 1))
    assert exports.kind(None) == "fee"
    assert exports.kind(["mileage", "parking"]) == "expense: mileage + parking"
