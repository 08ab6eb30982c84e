"""What payments forgets when someone asks to be forgotten (UK GDPR article 17), and what the law
makes it keep (HMRC: financial records for 6 years).

Kept, under the bare participant id: entitlements, the ledger, the audit log, payout attempts
(with the connected account they went to), expense claims and their lines (notes blanked), and
the receipts of claims whose money has left or is leaving. Forgotten: the link to their Stripe
connected account, their payment choice, payouts waiting for their account, and the receipts of
claims that were never paid. A claim not yet being paid is withdrawn: nobody could pay it now.
"""

from __future__ import annotations

from datetime import datetime

from services.payments.choices.domain.choice import NOT_STARTED
from services.payments.domain.events import Decision, LedgerEntry
from services.payments.entitlements.domain.model import Entitlement

# Money has left, or is on its way: the claim's receipts are financial records we must keep.
PAID = frozenset({"paying", "paid", "voucher"})
WITHDRAWN = "withdrawn"


def withdraw_for_erasure(entitlement: Entitlement, now: datetime) -> bool:
    """Close a claim not yet being paid; False if it was already decided, paid or closed."""
    if entitlement.status not in NOT_STARTED:
        return False
    entitlement.status = WITHDRAWN
    e = entitlement
    e.events.append(Decision(e.id, WITHDRAWN, "system", "erasure requested", now))
    e.events.append(
        LedgerEntry(e.id, e.participant_id, "cancelled", -e.amount_pence, "erasure", now)
    )
    return True


def keeps_receipts(status: str) -> bool:
    return status in PAID
