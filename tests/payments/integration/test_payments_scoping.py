"""Payments scoped by organisation in its unit of work (issue #16): ActivityPublished's
organisation_id says whose each activity is (activity_organisations; older events, the first
organisation's), and a staff request sees only its organisation's activities' payments, in
lists, the console, reports and exports. The world below is another organisation's data, made
outside any staff request (as the consumer would), beside one row of the first's."""

from __future__ import annotations

import io
import json
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from services.payments.adapters.orm import activity_organisations
from services.payments.config import load_settings as payments_settings
from services.payments.entitlements import service_layer as entitlements
from services.payments.entitlements.entrypoints.consumed import attendance_recorded
from services.payments.entrypoints.app import create_app
from services.payments.expenses.adapters.receipts import ReceiptStore
from services.payments.people import entrypoints as recruitment_events
from services.payments.people.service_layer import projections
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from shared.web import current_bus
from tests.support import migrated_engine
from tests.support import staff_client as unscoped

EVERY_ROLE = {"admin", "coordinator", "finance_approver"}
THEIRS = str(uuid.uuid4())  # another organisation
PERSON = str(uuid.uuid4())
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def published(app: Flask, activity: str, title: str, organisation_id: str | None) -> None:
    """ActivityPublished as the consumer takes it (None: an older event, without the field)."""
    data: dict[str, Any] = {
        "activity_id": activity, "title": title, "status": "open", "rate_pence": 2000,
        "rate_unit": "hour", "expenses_covered": True, "changed_at": datetime.now(UTC),
    }  # fmt: skip
    if organisation_id is not None:
        data["organisation_id"] = organisation_id
    with current_bus(app).uow_factory() as uow:
        projections.activity_published(recruitment_events.activity_published(data), uow)
        uow.commit()


def attended(app: Flask, activity: str) -> str:
    booking = str(uuid.uuid4())
    data = {
        "booking_id": booking, "participant_id": PERSON, "activity_id": activity,
        "outcome": "attended", "minutes_attended": 60, "session_minutes": 60,
        "session_starts_at": datetime.now(UTC),
    }  # fmt: skip
    with current_bus(app).uow_factory() as uow:
        entitlements.record_attendance(attendance_recorded(data), uow, payments_settings())
        uow.commit()
    return booking


@pytest.fixture
def world(tmp_path: Path) -> tuple[Flask, Engine, dict[str, str]]:
    engine = migrated_engine("payments", tmp_path)
    receipts = ReceiptStore(tmp_path / "receipts", 4096)
    app = create_app(payments_settings(), engine, receipts=receipts)
    app.config["WTF_CSRF_ENABLED"] = False  # the checks under test come after CSRF's
    ours, theirs = str(uuid.uuid4()), str(uuid.uuid4())
    published(app, ours, "Our clinic", FIRST_ORGANISATION_ID)
    published(app, theirs, "Their clinic", THEIRS)
    # Their payments, made outside any organisation (nothing filtered there).
    made_by, approver = unscoped(app, EVERY_ROLE), unscoped(app, EVERY_ROLE)
    booking = attended(app, theirs)
    fee = made_by.get(f"/api/payments/entitlements?participant_id={PERSON}").json[0]["id"]
    lines = [{"category": "parking", "amount_pence": 500}]
    form = {"claim": json.dumps({"booking_id": booking, "lines": lines}),
            "receipts": [(io.BytesIO(PNG), "receipt.png", "image/png")]}  # fmt: skip
    claim = made_by.post(
        f"/api/payments/participants/{PERSON}/claims", data=form, content_type="multipart/form-data"
    )
    assert claim.status_code == 201, claim.json
    assert approver.post(f"/api/payments/entitlements/{fee}/approve").status_code == 200
    for path, body in (
        ("policy", {"rate_kind": "session", "rate_pence": 4000, "preparation_minutes": 0}),
        ("expense-policy", {"covered": ["parking"], "mileage_pence_per_mile": 45}),
        ("budget", {"budget_pence": 100000}),
    ):
        answer = made_by.put(f"/api/payments/activities/{theirs}/{path}", json=body)
        assert answer.status_code == 200, (path, answer.json)
    # One of ours, so lists are not simply empty.
    mine = made_by.post("/api/payments/entitlements", json={
        "participant_id": PERSON, "activity_id": ours, "amount_pence": 700, "note": "paper",
    })  # fmt: skip
    assert mine.status_code == 201, mine.json
    ids = {
        "activity_id": theirs, "entitlement_id": fee, "claim_id": claim.json["id"],
        "number": "1", "booking_id": booking, "ours": ours, "our_entitlement": mine.json["id"],
    }  # fmt: skip
    return app, engine, ids


def signed_in_at_home(
    app: Flask, roles: set[str] = EVERY_ROLE, organisation_id: str = FIRST_ORGANISATION_ID
) -> FlaskClient:
    """Staff of the first organisation (or the one given), working there."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["staff"] = {
            "id": str(uuid.uuid4()), "name": "Me", "roles": sorted(roles),
            "organisation_id": organisation_id, "issued_at": datetime.now(UTC).isoformat(),
        }  # fmt: skip
    return client


def test_activities_belong_to_the_organisation_their_event_names(world) -> None:  # type: ignore[no-untyped-def]
    app, engine, ids = world
    older = str(uuid.uuid4())
    published(app, older, "Before organisations", None)
    with engine.connect() as conn:
        kept = dict(conn.execute(select(activity_organisations)).all())
    assert kept[ids["ours"]] == FIRST_ORGANISATION_ID
    assert kept[ids["activity_id"]] == THEIRS
    assert kept[older] == FIRST_ORGANISATION_ID


def test_lists_reports_and_exports_hold_only_ones_own_organisations(world) -> None:  # type: ignore[no-untyped-def]
    app, _, ids = world
    me = signed_in_at_home(app)
    listed = me.get("/api/payments/entitlements").json
    assert [e["id"] for e in listed] == [ids["our_entitlement"]]
    assert me.get(f"/api/payments/entitlements?participant_id={PERSON}").json == listed
    console = me.get("/pay/manage").get_data(as_text=True)
    assert "Their clinic" not in console and ids["entitlement_id"] not in console
    assert "Their clinic" not in me.get("/pay/manage/budgets").get_data(as_text=True)
    year = date.today().year if date.today().month > 4 else date.today().year - 1
    totals = f"/api/payments/tax-years/{year}/totals"

    def person(client: FlaskClient) -> int:
        rows = client.get(totals).json["participants"]
        return sum(r["total_pence"] for r in rows if r["participant_id"] == PERSON)

    assert person(unscoped(app, EVERY_ROLE)) > 0  # their approved fee
    assert person(me) == 0  # theirs is not counted here (ours waits for approval)
    today = date.today().isoformat()
    export = f"/api/payments/exports/ledger.csv?from={today}&to={today}"
    assert ids["entitlement_id"] in unscoped(app, EVERY_ROLE).get(export).get_data(as_text=True)
    csv = me.get(export)
    assert csv.status_code == 200, csv.get_data(as_text=True)
    assert ids["entitlement_id"] not in csv.get_data(as_text=True)
    assert ids["activity_id"] not in csv.get_data(as_text=True)
    # Outside the organisation (no organisation in scope) everything is still there.
    everyone = unscoped(app, EVERY_ROLE).get("/api/payments/entitlements").json
    assert {e["activity_id"] for e in everyone} == {ids["ours"], ids["activity_id"]}


def test_a_claim_entered_for_their_session_is_refused_as_for_an_unknown_one(world) -> None:  # type: ignore[no-untyped-def]
    app, _, ids = world
    me = signed_in_at_home(app, {"coordinator"})
    path = f"/api/payments/participants/{PERSON}/claims"
    answers = [
        me.post(path, json={"booking_id": booking,
                            "lines": [{"category": "parking", "amount_pence": 100}]})
        for booking in (ids["booking_id"], str(uuid.uuid4()))
    ]  # fmt: skip
    assert answers[0].status_code == answers[1].status_code >= 400
    assert answers[0].json == answers[1].json
