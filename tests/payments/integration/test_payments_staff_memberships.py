"""Roles per organisation in payments: StaffProfileChanged's memberships, through payments's
real consumer handler table into its migrated database, decide what a staff session may do in
the organisation it works in. A role only at organisation B gives nothing at A."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from flask import Flask

from services.payments import bootstrap as payments
from services.payments.entrypoints.app import create_app
from shared.auth import current_staff, start_staff_session
from shared.bus.consumer import ConsumerRunner
from shared.config import load_settings
from shared.events.envelope import Envelope, encode
from tests.support import migrated_engine

A, B = str(uuid.uuid4()), str(uuid.uuid4())


def _never() -> Any:
    raise AssertionError("no broker in this test")


def _hear_profile(runner: ConsumerRunner, staff_id: str, memberships: list[Any]) -> None:
    roles = sorted({r for m in memberships for r in m["roles"]})  # every role anywhere
    data = {"staff_id": staff_id, "name": "Cora", "email": "cora@example.org", "roles": roles,
            "active": True, "changed_at": datetime.now(UTC).isoformat(),
            "memberships": memberships}  # fmt: skip
    envelope = Envelope("StaffProfileChanged", 1, "recruitment", staff_id, data, str(uuid.uuid4()))
    record = SimpleNamespace(topic="recruitment.staff-profile", partition=0, offset=0,
                             key=staff_id.encode(), value=encode(envelope), headers=[])  # fmt: skip
    runner.process(record)  # type: ignore[arg-type]


def _roles_in(app: Flask, staff_id: str, organisation_id: str) -> frozenset[str] | None:
    with app.test_request_context("/"):
        start_staff_session(staff_id, "Cora", ("coordinator", "finance_approver"), organisation_id)
        staff = current_staff()
        return None if staff is None else frozenset(staff.roles)


def test_a_role_at_one_organisation_gives_nothing_at_another(tmp_path: Path) -> None:
    engine = migrated_engine("payments", tmp_path)
    app = create_app(load_settings("payments"), engine)
    runner = ConsumerRunner(payments.subscription(), payments.uow_factory(engine), _never, _never)
    staff_id = str(uuid.uuid4())
    _hear_profile(runner, staff_id, [{"organisation_id": B, "roles": ["coordinator"]}])

    assert _roles_in(app, staff_id, B) == {"coordinator"}
    assert not _roles_in(app, staff_id, A)  # the cookie's roles count for nothing here

    # Through a real page: B's coordinator may open the console in B, not in A.
    for organisation_id, allowed in ((B, True), (A, False)):
        client = app.test_client()
        with client.session_transaction() as session:
            now = datetime.now(UTC).isoformat()
            session["staff"] = {"id": staff_id, "name": "Cora", "roles": ["coordinator"],
                                "organisation_id": organisation_id, "issued_at": now,
                                "seen_at": now}  # fmt: skip
        status = client.get("/pay/manage").status_code
        assert (status == 200) is allowed, (organisation_id, status)


def test_a_later_profile_moves_the_role(tmp_path: Path) -> None:
    engine = migrated_engine("payments", tmp_path)
    app = create_app(load_settings("payments"), engine)
    runner = ConsumerRunner(payments.subscription(), payments.uow_factory(engine), _never, _never)
    staff_id = str(uuid.uuid4())
    _hear_profile(runner, staff_id, [{"organisation_id": A, "roles": ["finance_approver"]}])
    assert _roles_in(app, staff_id, A) == {"finance_approver"}
    _hear_profile(runner, staff_id, [{"organisation_id": B, "roles": ["finance_approver"]}])
    assert not _roles_in(app, staff_id, A)
    assert _roles_in(app, staff_id, B) == {"finance_approver"}
