"""The participant's choice of how to be paid, what it does to their claims, and their totals."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from services.payments.choices.commands import Choose, LinkBank
from services.payments.choices.domain.choice import (
    METHODS,
    PaymentChoice,
    decline_fee,
    is_expense,
    reopen,
    settle_without_stripe,
)
from services.payments.config import PaymentsSettings
from services.payments.entitlements.commands import RequestPayout
from services.payments.entitlements.domain.model import ApprovalRefused
from services.payments.entitlements.service_layer import NotFound, locked_entitlement
from services.payments.payouts.service_layer import payouts
from services.payments.ports import Transfers, UnitOfWork
from shared.clock import Clock, utc_now

OWED = ("pending", "awaiting_finance", "approved", "paying")
PAID = ("paid", "voucher")


class ConnectUnavailable(Exception):
    """Stripe could not be reached or refused: nothing was changed; try again later."""


class Connect(Protocol):
    def create_account(self, participant_id: str) -> str: ...
    def onboarding_link(self, account_id: str, refresh_url: str, return_url: str) -> str: ...


class ChoiceRepository(Protocol):
    def get(self, participant_id: str) -> PaymentChoice | None: ...
    def add(self, choice: PaymentChoice) -> None: ...
    def totals(self, start: datetime, end: datetime, statuses: frozenset[str]) -> dict: ...


class ChoicesUnitOfWork(UnitOfWork, Protocol):
    choices: ChoiceRepository


def choose(
    participant_id: str,
    method: str,
    uow: ChoicesUnitOfWork,
    connect: Connect,
    clock: Clock = utc_now,
) -> bool:
    """Record their choice; returns False if it was already their choice."""
    if method not in METHODS:
        raise ApprovalRefused("Choose how you want to be paid.")
    account = None
    if method == "bank":
        with uow:
            known = uow.accounts.get(participant_id)
        # Stripe is called outside the transaction; its idempotency key makes a retry safe.
        account = known or connect.create_account(participant_id)
    with uow:
        now = clock()
        choice = uow.choices.get(participant_id)
        before = choice.method if choice else None
        if choice is None:
            choice = PaymentChoice.make(participant_id, method, now)
            uow.choices.add(choice)
        elif not choice.change(method, now):
            return False
        for entitlement_id in [e.id for e in uow.entitlements.list(None, participant_id)]:
            entitlement = locked_entitlement(entitlement_id, uow)
            if method == "decline":
                decline_fee(entitlement, now)
            elif before == "decline":
                reopen(entitlement, now)
        if account and uow.accounts.get(participant_id) is None:
            # Ready only once Stripe says onboarding is done (account.updated webhook).
            uow.accounts.set(participant_id, account, participant_id, now, ready=False)
        if method == "bank":
            choice.asked_for_bank(now)
        uow.commit()
        return True


def request_payout(
    entitlement_id: str,
    by: str,
    uow: ChoicesUnitOfWork,
    transfers: Transfers,
    clock: Clock = utc_now,
) -> str:
    """Pay an approved claim the way the participant chose: Stripe, a voucher, or nothing."""
    with uow:
        entitlement = locked_entitlement(entitlement_id, uow)
        if uow.staff_links.participant_of(by) == entitlement.participant_id:
            raise ApprovalRefused("Nobody pays out a claim paying themselves.")
        choice = uow.choices.get(entitlement.participant_id)
        method = choice.method if choice else "bank"
        if method == "decline" and is_expense(entitlement):
            method = "bank"  # expenses are paid back whatever they chose for the fee
        if method != "bank":
            status = settle_without_stripe(entitlement, method, by, clock())
            uow.payouts.stop_waiting(entitlement.id)
            uow.commit()
            return status
    return payouts.request_payout(entitlement_id, by, uow, transfers, clock)


def bank_link(
    participant_id: str, uow: ChoicesUnitOfWork, connect: Connect, base: str, clock: Clock = utc_now
) -> str:
    """A fresh Stripe onboarding link for someone who chose a bank transfer."""
    with uow:
        choice = uow.choices.get(participant_id)
        if choice is None or choice.method != "bank":
            raise NotFound(participant_id)
        account = uow.accounts.get(participant_id)
    if account is None:
        choose(participant_id, "bank", uow, connect, clock)  # their earlier attempt did not finish
        with uow:
            account = uow.accounts.get(participant_id)
        assert account is not None
    return connect.onboarding_link(account, f"{base}/pay/bank", f"{base}/pay?bank=done")


# The bus's handlers: a command each.
def pay(
    cmd: RequestPayout, uow: ChoicesUnitOfWork, transfers: Transfers, clock: Clock = utc_now
) -> str:
    return request_payout(cmd.entitlement_id, cmd.by, uow, transfers, clock)


def choose_method(
    cmd: Choose, uow: ChoicesUnitOfWork, connect: Connect, clock: Clock = utc_now
) -> bool:
    return choose(cmd.participant_id, cmd.method, uow, connect, clock)


def link_bank(
    cmd: LinkBank, uow: ChoicesUnitOfWork, connect: Connect, settings: PaymentsSettings,
    clock: Clock = utc_now,
) -> str:  # fmt: skip
    return bank_link(cmd.participant_id, uow, connect, settings.public_base_url, clock)
