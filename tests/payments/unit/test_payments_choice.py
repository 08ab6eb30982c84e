"""The participant's choice (bank, voucher, decline), what it does to their claims, and tax-year
totals (6 April to 5 April, UK time), with in-memory fakes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.payments.choices import service_layer as choices
from services.payments.choices.adapters import views as choice_views
from services.payments.choices.domain import tax_year
from services.payments.choices.domain.choice import (
    BankDetailsRequested,
    PaymentChoice,
    decline_fee,
    reopen,
    settle_without_stripe,
)
from services.payments.domain.events import Decision, LedgerEntry
from services.payments.entitlements.domain.model import (
    ApprovalRefused,
    Approver,
    Attendance,
    Entitlement,
)
from services.payments.entitlements.domain.policy import default_policy
from tests.payments.fakes import FakeConnect, FakeTransfers, FakeUnitOfWork

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
PERSON = "3f0c9a52-6b1e-4d27-8a94-7c2e5b1d0f68"
COORDINATOR = Approver("cora", frozenset({"coordinator"}))


def entitlement(booking: str = "b1", at: datetime = NOW) -> Entitlement:
    attendance = Attendance(booking, PERSON, "act", "attended", 90, 90)
    found = Entitlement.from_attendance(attendance, default_policy("act", at), at)
    assert found is not None
    found.events.clear()
    return found


def expense() -> Entitlement:
    claim = Entitlement.adjustment(PERSON, "act", 830, "x", "clerk", NOW)
    claim.basis = "expenses: bus 830p"
    claim.events.clear()
    return claim


# Tax years ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "first"),
    [
        (datetime(2026, 4, 5, 22, 59, tzinfo=UTC), 2025),  # 23:59 on 5 April, BST
        (datetime(2026, 4, 5, 23, 0, tzinfo=UTC), 2026),  # midnight on 6 April, BST
        (datetime(2027, 1, 1, 0, 0, tzinfo=UTC), 2026),
        (datetime(2027, 4, 6, 12, 0, tzinfo=UTC), 2027),
    ],
)
def test_the_tax_year_turns_at_midnight_on_6_april_in_the_uk(moment: datetime, first: int) -> None:
    assert tax_year.tax_year_of(moment).first == first


def test_bounds_are_uk_midnights_in_utc() -> None:
    start, end = tax_year.TaxYear(2026).bounds()
    assert start == datetime(2026, 4, 5, 23, 0, tzinfo=UTC)
    assert end == datetime(2027, 4, 5, 23, 0, tzinfo=UTC)
    assert tax_year.TaxYear(2026).label == "2026 to 2027"


def test_totals_count_fees_given_and_flag_only_above_1000_pounds() -> None:
    year = tax_year.TaxYear(2026)
    fees = [
        tax_year.Fee(60_000, "paid", NOW),
        tax_year.Fee(40_000, "approved", NOW),
        tax_year.Fee(5_000, "pending", NOW),  # not approved yet
        tax_year.Fee(5_000, "declined", NOW),
        tax_year.Fee(5_000, "paid", datetime(2026, 4, 5, 12, tzinfo=UTC)),  # last year
    ]
    total = tax_year.total_pence(fees, year)
    assert total == 100_000 and not tax_year.over_limit(total)
    assert tax_year.over_limit(total + 1)


# The choice and the claims --------------------------------------------------------------------


def test_a_choice_must_be_one_of_three() -> None:
    with pytest.raises(ApprovalRefused):
        PaymentChoice.make(PERSON, "cash", NOW)
    choice = PaymentChoice.make(PERSON, "voucher", NOW)
    assert not choice.change("voucher", NOW) and choice.change("bank", NOW)


def test_declining_closes_unpaid_fees_at_nothing_and_choosing_again_reopens_them() -> None:
    claim = entitlement()
    assert decline_fee(claim, NOW) and claim.status == "declined"
    ledger = [e for e in claim.events if isinstance(e, LedgerEntry)]
    assert [(e.kind, e.amount_pence) for e in ledger] == [("cancelled", -claim.amount_pence)]
    with pytest.raises(ApprovalRefused):
        claim.approve(COORDINATOR, 10_000, NOW)  # nothing to approve
    assert reopen(claim, NOW) and claim.status == "pending"
    claim.approve(COORDINATOR, 10_000, NOW)
    assert claim.status == "approved"


def test_declining_never_touches_expenses_or_claims_being_paid() -> None:
    paying = entitlement()
    paying.approve(COORDINATOR, 10_000, NOW)
    paying.payout_started("fin", NOW)
    assert not decline_fee(paying, NOW) and paying.status == "paying"
    travel = expense()
    assert not decline_fee(travel, NOW) and travel.status == "pending"


def test_a_voucher_is_recorded_as_paid_out_without_stripe() -> None:
    claim = entitlement()
    claim.approve(COORDINATOR, 10_000, NOW)
    assert settle_without_stripe(claim, "voucher", "fin", NOW) == "voucher"
    kinds = [(e.kind, e.reference) for e in claim.events if isinstance(e, LedgerEntry)]
    assert kinds == [("paid_out", "voucher")]
    actions = [e.action for e in claim.events if isinstance(e, Decision)]
    assert actions[-2:] == ["payout_requested", "voucher"]


def test_a_voucher_needs_an_approved_claim_and_another_person() -> None:
    claim = entitlement()
    with pytest.raises(ApprovalRefused):
        settle_without_stripe(claim, "voucher", "fin", NOW)
    claim.approve(COORDINATOR, 10_000, NOW)
    with pytest.raises(ApprovalRefused):
        settle_without_stripe(claim, "voucher", PERSON, NOW)


# The use cases with fakes ---------------------------------------------------------------------


def test_choosing_bank_makes_one_stripe_account_and_asks_for_details() -> None:
    uow, connect = FakeUnitOfWork(), FakeConnect()
    assert choices.choose(PERSON, "bank", uow, connect)  # type: ignore[arg-type]
    assert uow.accounts[PERSON] == "acct_1Test"
    assert isinstance(uow.choices[PERSON].events[0], BankDetailsRequested)
    assert not choices.choose(PERSON, "bank", uow, connect)  # type: ignore[arg-type]
    assert connect.accounts == [PERSON]
    link = choices.bank_link(PERSON, uow, connect, "https://chorus.test")  # type: ignore[arg-type]
    assert "acct_1Test" in link and "https://chorus.test/pay?bank=done" in link


def test_stripe_away_changes_nothing() -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(choices.ConnectUnavailable):
        choices.choose(PERSON, "bank", uow, FakeConnect(fail=True))  # type: ignore[arg-type]
    assert PERSON not in uow.choices and uow.commits == 0


def test_decline_then_voucher_reopens_fees_and_pays_them_as_vouchers() -> None:
    uow, connect = FakeUnitOfWork(), FakeConnect()
    fee, travel = entitlement(), expense()
    uow.entitlements.add(fee)
    uow.entitlements.add(travel)
    choices.choose(PERSON, "decline", uow, connect)  # type: ignore[arg-type]
    assert (fee.status, travel.status) == ("declined", "pending")
    choices.choose(PERSON, "voucher", uow, connect)  # type: ignore[arg-type]
    assert fee.status == "pending" and connect.accounts == []
    fee.approve(COORDINATOR, 10_000, NOW)
    status = choices.request_payout(
        fee.id, "fin", uow, FakeTransfers(AssertionError("vouchers never reach Stripe"))
    )  # type: ignore[arg-type]
    assert status == "voucher"


def test_overview_adds_up_this_tax_year_without_expenses() -> None:
    uow = FakeUnitOfWork()
    fee, travel = entitlement(), expense()
    fee.approve(COORDINATOR, 10_000, NOW)
    travel.approve(COORDINATOR, 10_000, NOW)
    uow.entitlements.add(fee)
    uow.entitlements.add(travel)
    found = choice_views.overview(PERSON, uow, NOW)  # type: ignore[arg-type]
    assert found["year_total_pence"] == fee.amount_pence
    assert found["owed_pence"] == fee.amount_pence + travel.amount_pence
    assert [c["amount_pence"] for c in found["year_claims"]] == [fee.amount_pence]
    assert found["choice"] is None and not found["over_limit"]


# What the participant is told ------------------------------------------------------------------


def test_the_approval_text_says_how_the_money_will_reach_them() -> None:
    from services.notifications.messages.adapters.templates import FileTemplates

    def text(choice: str | None, language: str = "en") -> str:
        context = {"amount_pence": 4250, "choice": choice, "pay_url": "https://c.test/pay"}
        return FileTemplates().render("payment_approved", "sms", language, context).body

    assert text("bank") == (
        "Chorus: we have approved a payment of £42.50 for you. "
        "It should reach your bank within 3 working days."
    )
    assert "voucher" in text("voucher") and "https://c.test/pay" in text(None)
    assert "3 diwrnod gwaith" in text("bank", "cy")


def test_notifications_hear_every_payment_step() -> None:
    from services.notifications.bootstrap import subscription

    wiring = subscription()
    assert "payments.payout" in wiring.topics
    steps = {"ClaimApproved", "ClaimRejected", "PayoutSent", "PayoutFailed", "BankDetailsRequested"}
    assert steps <= set(wiring.handlers)
