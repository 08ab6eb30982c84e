"""Reconciliation: what our records say left through Stripe, against what Stripe says it sent.

Ours: each payout Stripe made (sent or paid, with a transfer id) and the ledger's `paid_out`
entries that name that transfer. Theirs: Stripe's list of transfers in the same period. Any
difference is reported for finance to look at; nothing is changed automatically, because
either side may be the one that is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class OurPayout:
    payout_id: str
    transfer_id: str
    amount_pence: int
    destination: str
    ledger_pence: int  # what the ledger's paid_out entries for this transfer add up to (positive)


@dataclass(frozen=True)
class StripeTransfer:
    transfer_id: str
    amount_pence: int
    destination: str
    currency: str
    reversed: bool
    created: datetime


@dataclass(frozen=True)
class Difference:
    kind: str  # see KINDS
    transfer_id: str
    ours_pence: int | None
    stripe_pence: int | None
    detail: str


KINDS = (
    "missing_at_stripe",  # we recorded a transfer Stripe does not list
    "unknown_to_us",  # Stripe lists a transfer we have no payout for
    "amount_differs",
    "destination_differs",
    "not_gbp",
    "reversed_at_stripe",  # Stripe reversed it, and our payout does not say failed
    "ledger_differs",  # the ledger's paid_out for the transfer is not the payout's amount
)


def compare(ours: Iterable[OurPayout], theirs: Iterable[StripeTransfer]) -> list[Difference]:
    mine = {p.transfer_id: p for p in ours}
    stripe = {t.transfer_id: t for t in theirs}
    found: list[Difference] = []
    for transfer_id in sorted(mine.keys() | stripe.keys()):
        p, t = mine.get(transfer_id), stripe.get(transfer_id)
        if p is not None and p.ledger_pence != p.amount_pence:
            found.append(Difference("ledger_differs", transfer_id, p.amount_pence, None,
                                    f"ledger says {p.ledger_pence}p"))  # fmt: skip
        if t is None:
            assert p is not None
            found.append(Difference("missing_at_stripe", transfer_id, p.amount_pence, None, ""))
        elif p is None:
            found.append(
                Difference("unknown_to_us", transfer_id, None, t.amount_pence, t.destination)
            )
        else:
            found.extend(_both(p, t))
    return found


def _both(p: OurPayout, t: StripeTransfer) -> list[Difference]:
    found = []
    if t.amount_pence != p.amount_pence:
        found.append(
            Difference("amount_differs", p.transfer_id, p.amount_pence, t.amount_pence, "")
        )
    if t.destination != p.destination:
        found.append(Difference("destination_differs", p.transfer_id, p.amount_pence,
                                t.amount_pence, f"{p.destination} / {t.destination}"))  # fmt: skip
    if t.currency.lower() != "gbp":
        found.append(
            Difference("not_gbp", p.transfer_id, p.amount_pence, t.amount_pence, t.currency)
        )
    if t.reversed:
        found.append(
            Difference("reversed_at_stripe", p.transfer_id, p.amount_pence, t.amount_pence, "")
        )
    return found
