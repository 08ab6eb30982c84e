"""What Stripe's webhook and the consumer's sweeps ask payouts to do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RetryPayout:
    """Pay a failed claim again, with a new key."""

    entitlement_id: str
    by: str


@dataclass(frozen=True)
class StripeNotice:
    """The parts of one verified Stripe event that payments acts on."""

    event_id: str
    event_type: str
    account: str | None  # set on Connect events: the connected account it happened on
    object_id: str
    created: datetime
    amount: int = 0  # the payout's or transfer's amount in pence
    amount_reversed: int = 0  # transfer.reversed: the cumulative amount back
    payout_id: str | None = None  # our payout attempt, from the transfer's metadata
    failure_code: str | None = None


@dataclass(frozen=True)
class UpdateAccount:
    """Stripe's account.updated: onboarding moved on."""

    event_id: str
    account_id: str
    details_submitted: bool
    payouts_enabled: bool
    at: datetime


@dataclass(frozen=True)
class RefuseWebhook:
    """A webhook call whose signature failed: counted, never acted on."""

    reason: str


@dataclass(frozen=True)
class ResumeStarted:
    """Send again the attempts left `started` by a crash or a timeout."""


@dataclass(frozen=True)
class PayWaiting:
    """Pay what waited for a Stripe account that is ready now (None: anyone's)."""

    participant_id: str | None = None
