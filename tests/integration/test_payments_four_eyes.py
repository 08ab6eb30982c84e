"""Four eyes without holes, through payments' API on SQLite: the coordinator who recorded the
attendance is the claim's creator, and a staff member's participant link, once made, changes
only by an admin's hand, with an audit trail."""

from __future__ import annotations

import uuid

from flask import Flask
from sqlalchemy import select

from services.payments.adapters.orm import entitlements
from services.payments.config import PaymentsConfig
from services.payments.service_layer import handlers
from shared.events.envelope import decode
from shared.events.registry import load_data
from tests.contract.test_event_samples import SAMPLES
from tests.integration.test_payments_api import app, proxy, rows  # noqa: F401 (fixtures)
from tests.support import staff_client as staff


def attendance_recorded_by(app: Flask, coordinator: str) -> str:  # noqa: F811
    data = decode((SAMPLES / "AttendanceRecorded.v1.json").read_bytes()).data
    data = load_data(
        "AttendanceRecorded",
        1,
        {**data, "booking_id": str(uuid.uuid4()), "recorded_by": coordinator},
    )
    with app.extensions["chorus.uow"]() as uow:
        handlers.record_attendance(data, uow, PaymentsConfig())
        uow.commit()
    [claim] = rows(app, select(entitlements.c.id, entitlements.c.created_by))
    assert claim.created_by == coordinator
    return claim.id


def test_who_recorded_the_attendance_neither_approves_nor_pays_it(app: Flask) -> None:  # noqa: F811
    cora = str(uuid.uuid4())
    claim = attendance_recorded_by(app, cora)
    alone = staff(app, {"coordinator", "finance_approver"}, cora)
    refused = alone.post(f"/api/payments/entitlements/{claim}/approve")
    assert refused.status_code == 422 and "someone else" in refused.json["message"]
    approved = staff(app, {"coordinator"}).post(f"/api/payments/entitlements/{claim}/approve")
    assert approved.status_code == 200 and approved.json["status"] == "approved"
    pay = alone.post(f"/api/payments/entitlements/{claim}/payout")
    assert pay.status_code == 422 and "created" in pay.json["message"]
