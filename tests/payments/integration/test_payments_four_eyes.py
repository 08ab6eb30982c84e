"""Four eyes without holes, through payments' API on SQLite: the coordinator who recorded the
attendance is the claim's creator, and a staff member's participant link, once made, changes
only by an admin's hand, with an audit trail."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import select

from services.payments.adapters.orm import entitlements, staff_link_changes
from services.payments.config import load_settings as payments_settings
from services.payments.entitlements import service_layer as handlers
from services.payments.entitlements.entrypoints.consumed import attendance_recorded
from shared.events.envelope import decode
from shared.events.registry import load_data
from shared.web import current_bus
from tests.contract.test_event_samples import SAMPLES
from tests.payments.integration.test_payments_api import app, proxy, published, rows  # noqa: F401
from tests.support import staff_client as staff


def attendance_recorded_by(app: Flask, coordinator: str) -> str:  # noqa: F811
    data = decode((SAMPLES / "AttendanceRecorded.v1.json").read_bytes()).data
    data = load_data(
        "AttendanceRecorded",
        1,
        {**data, "booking_id": str(uuid.uuid4()), "recorded_by": coordinator},
    )
    with current_bus(app).uow_factory() as uow:
        handlers.record_attendance(attendance_recorded(data), uow, payments_settings())
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
    assert pay.status_code == 422 and "a register they marked" in pay.json["message"]


def test_a_linked_staff_member_cannot_relink_themselves_and_changes_are_kept(
    app: Flask,  # noqa: F811
) -> None:
    cora, me, other = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    coordinator = staff(app, {"coordinator"}, cora)
    link = f"/api/payments/staff/{cora}/participant"
    assert coordinator.put(link, json={"participant_id": me}).status_code == 204
    assert coordinator.put(link, json={"participant_id": me}).status_code == 204  # the same
    moved = coordinator.put(link, json={"participant_id": other})
    assert moved.status_code == 403  # before: 204, and she could then approve as "other"
    admin_id = str(uuid.uuid4())
    assert (
        staff(app, {"admin"}, admin_id).put(link, json={"participant_id": other}).status_code == 204
    )
    changes = rows(
        app,
        select(
            staff_link_changes.c.participant_before,
            staff_link_changes.c.participant_after,
            staff_link_changes.c.changed_by,
        ).order_by(staff_link_changes.c.id),
    )
    assert [tuple(c) for c in changes] == [(None, me, cora), (me, other, admin_id)]
    with current_bus(app).uow_factory() as uow:  # names, as the directory's projections keep
        uow.directory.staff(cora, "Cora Jones", True, datetime.now(UTC))
        uow.directory.staff(admin_id, "Ada Admin", True, datetime.now(UTC))
        uow.directory.participant(other, "Olly")
        uow.commit()
    trail = staff(app, {"admin"}).get(link).json
    assert (trail["staff_name"], trail["participant_name"]) == ("Cora Jones", "Olly")
    assert [(c["changed_by_name"], c["participant_after_name"]) for c in trail["changes"]] == [
        ("Cora Jones", None),
        ("Ada Admin", "Olly"),
    ]
    assert coordinator.get(link).status_code == 403  # the trail is for admins


def test_where_someone_is_paid_changes_only_when_a_second_person_confirms(app: Flask) -> None:  # noqa: F811
    person, fiona, finn = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    account = f"/api/payments/participants/{person}/stripe-account"
    first = staff(app, {"finance_approver"}, fiona)
    proposed = first.put(account, json={"account_id": "acct_fionas"})
    assert proposed.status_code == 202 and proposed.json["status"] == "waiting_for_a_second_person"
    with current_bus(app).uow_factory() as uow:
        assert uow.accounts.get(person) is None  # payouts wait: nothing to pay into yet
    told = [e for e in published(app) if e == "PayoutDestinationProposed"]
    assert told == ["PayoutDestinationProposed"]  # the participant hears of it at once
    alone = first.post(f"{account}/confirm")
    assert alone.status_code == 422 and "second person" in alone.json["message"]
    assert staff(app, {"coordinator"}, finn).post(f"{account}/confirm").status_code == 403
    assert staff(app, {"finance_approver"}, finn).post(f"{account}/confirm").status_code == 200
    with current_bus(app).uow_factory() as uow:
        assert uow.accounts.get(person) == "acct_fionas"
    again = staff(app, {"finance_approver"}, finn).post(f"{account}/confirm")
    assert again.status_code == 404  # nothing is waiting now


def test_nobody_changes_where_they_themselves_are_paid(app: Flask) -> None:  # noqa: F811
    person, fiona = str(uuid.uuid4()), str(uuid.uuid4())
    with current_bus(app).uow_factory() as uow:
        handlers.link_staff(fiona, person, "admin", uow, by_admin=True)
    own = staff(app, {"finance_approver"}, fiona)
    refused = own.put(
        f"/api/payments/participants/{person}/stripe-account", json={"account_id": "acct_mine"}
    )
    assert refused.status_code == 422 and "themselves" in refused.json["message"]


def test_a_second_finance_approver_confirms_on_the_console(app: Flask) -> None:  # noqa: F811
    person, fiona, finn = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    with current_bus(app).uow_factory() as uow:
        uow.directory.participant(person, "Amira Khan")
        uow.directory.staff(fiona, "Fiona Finance", True, datetime.now(UTC))
        uow.commit()
    first = staff(app, {"finance_approver"}, fiona)
    first.put(
        f"/api/payments/participants/{person}/stripe-account", json={"account_id": "acct_new"}
    )
    page = first.get("/pay/manage/destinations").get_data(as_text=True)
    assert "Amira Khan" in page and "acct_new" in page and "Fiona Finance" in page
    confirm = f"/pay/manage/destinations/{person}/confirm"
    refused = first.post(confirm)
    assert refused.status_code == 422
    assert "so a second finance approver must confirm it" in refused.get_data(as_text=True)
    assert staff(app, {"coordinator"}).get("/pay/manage/destinations").status_code == 403
    done = staff(app, {"finance_approver"}, finn).post(confirm)
    assert done.status_code == 303 and done.headers["Location"].endswith("?done=confirmed")
    with current_bus(app).uow_factory() as uow:
        assert uow.accounts.get(person) == "acct_new"
    after = staff(app, {"admin"}).get("/pay/manage/destinations?done=confirmed")
    assert "No change is waiting." in after.get_data(as_text=True)
