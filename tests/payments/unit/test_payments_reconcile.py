"""Reconciliation's comparison, with plain values: agreement is silent, each kind of difference
is named once."""

from __future__ import annotations

from datetime import UTC, datetime

from services.payments.reconcile.domain import OurPayout, StripeTransfer, compare

AT = datetime(2026, 12, 1, tzinfo=UTC)


def ours(transfer: str, pence: int = 2500, ledger: int | None = None) -> OurPayout:
    return OurPayout(
        "p-" + transfer, transfer, pence, "acct_1", pence if ledger is None else ledger
    )


def theirs(transfer: str, pence: int = 2500, **kw: object) -> StripeTransfer:
    values: dict = {"destination": "acct_1", "currency": "gbp", "reversed": False, **kw}
    return StripeTransfer(transfer, pence, created=AT, **values)


def kinds(found: list) -> list[tuple[str, str]]:
    return [(d.kind, d.transfer_id) for d in found]


def test_records_that_agree_report_nothing() -> None:
    assert compare([ours("tr_a"), ours("tr_b")], [theirs("tr_b"), theirs("tr_a")]) == []


def test_each_difference_is_named() -> None:
    found = compare(
        [ours("tr_gone"), ours("tr_amount"), ours("tr_where"), ours("tr_ledger", ledger=0),
         ours("tr_back")],
        [theirs("tr_extra", 999), theirs("tr_amount", 2400),
         theirs("tr_where", destination="acct_2"), theirs("tr_ledger"),
         theirs("tr_back", reversed=True)],
    )  # fmt: skip
    assert kinds(found) == [
        ("amount_differs", "tr_amount"),
        ("reversed_at_stripe", "tr_back"),
        ("unknown_to_us", "tr_extra"),
        ("missing_at_stripe", "tr_gone"),
        ("ledger_differs", "tr_ledger"),
        ("destination_differs", "tr_where"),
    ]
    amount = next(d for d in found if d.kind == "amount_differs")
    assert (amount.ours_pence, amount.stripe_pence) == (2500, 2400)


def test_a_transfer_in_another_currency_is_named() -> None:
    assert kinds(compare([ours("tr_x")], [theirs("tr_x", currency="usd")])) == [("not_gbp", "tr_x")]
