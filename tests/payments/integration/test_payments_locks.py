"""On SQLite (the default database): two staff deciding on one claim at the same moment take
turns, so an approval and a rejection never both commit."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from services.payments.adapters.orm import audit_log, start_mappers
from services.payments.adapters.unit_of_work import PaymentsUnitOfWork
from services.payments.config import load_settings as payments_settings
from services.payments.entitlements import service_layer as handlers
from services.payments.entitlements.commands import Approve, Reject
from services.payments.entitlements.domain.model import ApprovalRefused, Approver, Entitlement
from shared.db import make_session_factory
from tests.support import all_at_once, migrated_engine


def test_a_concurrent_approval_and_rejection_do_not_both_commit(tmp_path: Path) -> None:
    start_mappers()
    engine = migrated_engine("payments", tmp_path)
    uows = lambda: PaymentsUnitOfWork(make_session_factory(engine))  # noqa: E731
    cora = Approver(str(uuid.uuid4()), frozenset({"coordinator"}))
    cy = Approver(str(uuid.uuid4()), frozenset({"coordinator"}))
    for _ in range(5):  # a race: several rounds, so the old code is caught every time
        with uows() as uow:
            claim = Entitlement.adjustment(
                str(uuid.uuid4()), str(uuid.uuid4()), 2500, "paper", "finn", datetime.now(UTC)
            )
            uow.entitlements.add(claim)
            uow.commit()
        approve, reject = Approve(claim.id, cora), Reject(claim.id, cy, "not on the register")
        results = all_at_once(
            [
                lambda: handlers.approve(approve, uows(), payments_settings()),  # noqa: B023
                lambda: handlers.reject(reject, uows()),  # noqa: B023
            ]
        )
        refused = [r for r in results if isinstance(r, ApprovalRefused)]
        assert len(refused) == 1 and refused[0].conflict, results
        with engine.connect() as conn:
            actions = conn.execute(
                select(audit_log.c.action).where(audit_log.c.entitlement_id == claim.id)
            ).scalars()
            assert sorted(actions) in (["approved", "created"], ["created", "rejected"])
