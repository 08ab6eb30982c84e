"""What the service layer needs from the outside world (adapters and fakes implement these)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, Self

from services.payments.domain.model import Entitlement
from services.payments.domain.payout import PayoutAttempt
from services.payments.domain.policy import PaymentPolicy


class TransferRefused(Exception):
    """Stripe said no (a 4xx other than a rate limit): retrying with the same key cannot help."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class TransferUncertain(Exception):
    """Timeout, connection loss, 5xx or rate limit: retry later with the same idempotency key."""


class Transfers(Protocol):
    def create(
        self, amount_pence: int, destination: str, idempotency_key: str, payout_id: str
    ) -> str:
        """Returns Stripe's transfer id; raises TransferRefused or TransferUncertain."""
        ...


class PolicyRepository(Protocol):
    def get(self, activity_id: str) -> PaymentPolicy | None: ...
    def add(self, policy: PaymentPolicy) -> None: ...


class EntitlementRepository(Protocol):
    def add(self, entitlement: Entitlement) -> None: ...
    def get(self, entitlement_id: str, for_update: bool = False) -> Entitlement | None: ...
    def by_booking(self, booking_id: str) -> Entitlement | None: ...
    def list(self, status: str | None, participant_id: str | None) -> list[Entitlement]: ...


class PayoutRepository(Protocol):
    def add(self, attempt: PayoutAttempt) -> None: ...
    def get(self, payout_id: str) -> PayoutAttempt | None: ...
    def by_key(self, idempotency_key: str) -> PayoutAttempt | None: ...
    def by_transfer(self, transfer_id: str) -> PayoutAttempt | None: ...
    def started_between(self, since: datetime, until: datetime) -> list[str]: ...


class StripeAccounts(Protocol):
    def get(self, participant_id: str) -> str | None: ...
    def set(self, participant_id: str, account_id: str, by: str, now: datetime) -> None: ...


class StripeEvents(Protocol):
    def first_time(self, event_id: str, event_type: str, now: datetime) -> bool: ...
    def refused(self, reason: str, now: datetime) -> None: ...


class UnitOfWork(Protocol):
    policies: PolicyRepository
    entitlements: EntitlementRepository
    payouts: PayoutRepository
    accounts: StripeAccounts
    stripe_events: StripeEvents

    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> None: ...
    def commit(self) -> None: ...
