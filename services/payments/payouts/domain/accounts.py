"""A participant's Stripe connected account, and when it is ready to receive transfers.

Stripe sends `account.updated` as onboarding moves on. Only a person who has given Stripe their
details and whose payouts Stripe has switched on is paid; until then an approved payout waits.
Stripe may deliver an older update after a newer one, so each carries when Stripe made it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass
class AccountStatus:
    participant_id: str
    account_id: str
    payouts_enabled: bool
    details_submitted: bool | None
    status_at: datetime | None  # when Stripe made the update we last applied

    @property
    def ready(self) -> bool:
        # Accounts finance registered by hand have no Stripe status (None): they vouched for it.
        return self.payouts_enabled and self.details_submitted is not False

    def update(self, details_submitted: bool, payouts_enabled: bool, at: datetime) -> bool:
        """Apply Stripe's update; False if it is older than the one we hold (it arrived late)."""
        if self.status_at is not None and at <= self.status_at:
            return False
        self.details_submitted = details_submitted
        self.payouts_enabled = payouts_enabled
        self.status_at = at
        return True
