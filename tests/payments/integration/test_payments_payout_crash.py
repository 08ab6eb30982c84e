"""A crash after Stripe made the transfer but before we recorded it, then a retry: Stripe is
asked twice with the same Idempotency-Key, so the participant is paid once (stripe-mock is
stateless, so the recording proxy in front of it does the counting)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from services.payments.adapters.orm import payout_attempts, start_mappers
from services.payments.adapters.unit_of_work import PaymentsUnitOfWork
from services.payments.config import load_settings as payments_settings
from services.payments.entitlements import service_layer as handlers
from services.payments.entitlements.commands import Approve
from services.payments.entitlements.domain.model import Approver, Entitlement
from services.payments.payouts.adapters.stripe_transfers import StripeTransfers
from services.payments.payouts.service_layer import payouts
from shared.bus.tables import outbox
from shared.config import Secret
from shared.db import make_session_factory
from tests.stripe_recording_proxy import RecordingProxy, recording_proxy
from tests.support import migrated_engine


class Crash(BaseException):
    """The process dies: nothing after this line runs, nothing is committed."""


class CrashAfterTransfer:
    def __init__(self, real: StripeTransfers) -> None:
        self.real = real

    def create(self, amount_pence: int, destination: str, key: str, payout_id: str) -> str:
        self.real.create(amount_pence, destination, key, payout_id)
        raise Crash()


@pytest.fixture
def proxy() -> Iterator[RecordingProxy]:
    with recording_proxy() as running:
        yield running


def approved_claim(uows: Callable[[], PaymentsUnitOfWork], amount: int = 2500) -> str:
    participant = str(uuid.uuid4())
    with uows() as uow:
        claim = Entitlement.adjustment(
            participant, str(uuid.uuid4()), amount, "paper", "finn", datetime.now(UTC)
        )
        uow.entitlements.add(claim)
        uow.accounts.set(participant, "acct_123", "finn", datetime.now(UTC))
        uow.commit()
    coordinator = Approver("cora", frozenset({"coordinator"}))
    handlers.approve(Approve(claim.id, coordinator), uows(), payments_settings())
    return claim.id


def stripe_through(proxy: RecordingProxy) -> StripeTransfers:
    settings = dataclasses.replace(
        payments_settings(), stripe_api_key=Secret("sk_test_123"), stripe_api_base=proxy.url
    )
    return StripeTransfers(settings)


def test_a_crash_between_the_transfer_and_our_commit_pays_once(
    tmp_path: Path, proxy: RecordingProxy
) -> None:
    engine = migrated_engine("payments", tmp_path)
    start_mappers()
    sessions = make_session_factory(engine)
    uows = lambda: PaymentsUnitOfWork(sessions)  # noqa: E731
    claim = approved_claim(uows)
    stripe = stripe_through(proxy)

    with pytest.raises(Crash):
        payouts.request_payout(claim, "pat", uows(), CrashAfterTransfer(stripe))
    # After the "restart": the attempt was committed before the call, so it is resumed.
    assert payouts.resume_started(uows, stripe, quiet_for=timedelta(0)) == 1
    assert payouts.resume_started(uows, stripe, quiet_for=timedelta(0)) == 0

    keys = [seen.idempotency_key for seen in proxy.transfers()]
    assert keys == [f"payout-{claim}-v1", f"payout-{claim}-v1"]
    with engine.connect() as conn:
        attempts = conn.execute(
            select(payout_attempts.c.status, payout_attempts.c.transfer_id)
        ).all()
        sent = conn.execute(
            select(func.count()).select_from(outbox).where(outbox.c.event_type == "PayoutSent")
        ).scalar_one()
    assert len(attempts) == 1 and attempts[0].status == "sent" and attempts[0].transfer_id
    assert sent == 1


def test_asking_again_while_a_payout_is_in_flight_does_not_call_stripe(
    tmp_path: Path, proxy: RecordingProxy
) -> None:
    engine = migrated_engine("payments", tmp_path)
    start_mappers()
    sessions = make_session_factory(engine)
    uows = lambda: PaymentsUnitOfWork(sessions)  # noqa: E731
    claim = approved_claim(uows)
    with pytest.raises(Crash):
        payouts.request_payout(claim, "pat", uows(), CrashAfterTransfer(stripe_through(proxy)))
    # Too soon to call it stalled: whoever started it may still be waiting for Stripe.
    assert payouts.request_payout(claim, "pat", uows(), stripe_through(proxy)) == "started"
    assert len(proxy.transfers()) == 1


def test_a_stalled_payout_asked_for_again_is_resent_with_its_key(
    tmp_path: Path, proxy: RecordingProxy
) -> None:
    engine = migrated_engine("payments", tmp_path)
    start_mappers()
    sessions = make_session_factory(engine)
    uows = lambda: PaymentsUnitOfWork(sessions)  # noqa: E731
    claim = approved_claim(uows)
    with pytest.raises(Crash):
        payouts.request_payout(claim, "pat", uows(), CrashAfterTransfer(stripe_through(proxy)))
    with engine.begin() as conn:  # as if the crash was two minutes ago
        long_ago = datetime.now(UTC) - 2 * payouts.RESEND_AFTER
        conn.execute(payout_attempts.update().values(updated_at=long_ago))
    assert payouts.request_payout(claim, "pat", uows(), stripe_through(proxy)) == "sent"
    assert {seen.idempotency_key for seen in proxy.transfers()} == {f"payout-{claim}-v1"}
    assert len(proxy.transfers()) == 2
