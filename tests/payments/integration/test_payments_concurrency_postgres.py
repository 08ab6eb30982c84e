"""On PostgreSQL: two coordinators approving and paying the same claim at the same moment make
one approval and one transfer; the audit log and ledger refuse to be rewritten."""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, func, select, text

from services.payments.adapters.orm import payout_attempts, start_mappers
from services.payments.adapters.unit_of_work import PaymentsUnitOfWork
from services.payments.config import load_settings as payments_settings
from services.payments.entitlements import service_layer as handlers
from services.payments.entitlements.commands import Approve
from services.payments.entitlements.domain.model import ApprovalRefused, Approver, Entitlement
from services.payments.payouts.adapters.stripe_transfers import StripeTransfers
from services.payments.payouts.service_layer import payouts
from shared.bus.tables import outbox
from shared.config import Secret
from shared.db import make_session_factory
from tests.stripe_recording_proxy import recording_proxy
from tests.support import all_at_once, migrated_postgres


@pytest.fixture
def engine() -> Iterator[Engine]:
    with migrated_postgres("payments") as engine:
        yield engine


def test_concurrent_double_approval_makes_one_payout(engine: Engine) -> None:
    start_mappers()
    sessions = make_session_factory(engine)
    uows = lambda: PaymentsUnitOfWork(sessions)  # noqa: E731
    participant = str(uuid.uuid4())
    with uows() as uow:
        claim = Entitlement.adjustment(
            participant, str(uuid.uuid4()), 2500, "paper", "finn", datetime.now(UTC)
        )
        uow.entitlements.add(claim)
        uow.accounts.set(participant, "acct_123", "finn", datetime.now(UTC))
        uow.commit()

    with recording_proxy() as proxy:
        settings = dataclasses.replace(
            payments_settings(),
            stripe_api_key=Secret("sk_test_123"),
            stripe_api_base=proxy.url,
        )
        stripe = StripeTransfers(settings)

        def approve_and_pay(name: str) -> str:
            approver = Approver(name, frozenset({"coordinator"}))
            # Refused if another coordinator was first; asking to pay is still fair.
            with contextlib.suppress(ApprovalRefused):
                handlers.approve(Approve(claim.id, approver), uows(), payments_settings())
            return payouts.request_payout(claim.id, name, uows(), stripe)

        results = all_at_once(
            [lambda n=n: approve_and_pay(n) for n in ("cora", "cy", "cat", "col")]
        )
        transfers = proxy.transfers()

    assert "sent" in results, results
    assert all(r in ("sent", "started") or isinstance(r, ApprovalRefused) for r in results), results
    assert [t.idempotency_key for t in transfers] == [f"payout-{claim.id}-v1"]
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(payout_attempts)).scalar_one() == 1
        events = conn.execute(select(outbox.c.event_type).order_by(outbox.c.id)).scalars().all()
    # One approval and one payout; each decision also opens or closes a staff task.
    decisions = [e for e in events if e != "PaymentsStaffTask"]
    assert decisions == ["EntitlementCreated", "ClaimApproved", "PayoutSent"]
    assert events.count("PaymentsStaffTask") == 2, events  # the coordinator's task: open, done


def test_the_audit_log_and_ledger_are_append_only(engine: Engine) -> None:
    start_mappers()
    sessions = make_session_factory(engine)
    with PaymentsUnitOfWork(sessions) as uow:
        uow.entitlements.add(
            Entitlement.adjustment(
                str(uuid.uuid4()), str(uuid.uuid4()), 100, "x", "finn", datetime.now(UTC)
            )
        )
        uow.commit()
    for statement in ("UPDATE audit_log SET actor = 'me'", "DELETE FROM ledger_entries"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))


def test_a_claim_read_before_its_lock_is_read_again_once_locked(engine: Engine) -> None:
    """Erasure and a change of payment choice list a person's claims, then lock each: the claim
    they then decide on is the one committed while they waited, not the one they listed."""
    start_mappers()
    uows = lambda: PaymentsUnitOfWork(make_session_factory(engine))  # noqa: E731
    participant = str(uuid.uuid4())
    with uows() as uow:
        claim = Entitlement.adjustment(
            participant, str(uuid.uuid4()), 2500, "paper", "finn", datetime.now(UTC)
        )
        uow.entitlements.add(claim)
        uow.commit()
    listed, approving = threading.Event(), threading.Event()

    def approve_while_they_wait() -> None:
        with uows() as uow:
            entitlement = handlers.locked_entitlement(claim.id, uow)
            approver = Approver("cora", frozenset({"coordinator"}))
            entitlement.approve(approver, 10_000, datetime.now(UTC))
            approving.set()
            listed.wait(10)
            time.sleep(0.5)  # the other transaction is now waiting on this row's lock
            uow.commit()

    holder = threading.Thread(target=approve_while_they_wait)
    holder.start()
    assert approving.wait(10)
    with uows() as uow:
        [seen] = uow.entitlements.list(None, participant)
        assert seen.status == "pending"  # committed when listed
        listed.set()
        locked = handlers.locked_entitlement(claim.id, uow)  # waits for the approval's commit
        holder.join(10)
        assert locked.status == "approved"
        with pytest.raises(ApprovalRefused, match="approved"):
            locked.reject(Approver("cy", frozenset({"coordinator"})), "late", datetime.now(UTC))
