"""The participant's expense form at /pay/expenses (SQLite, the real app): the sessions they
attended, pounds and pence the UK way, a receipt photo or PDF, plain errors beside each box,
nothing stored when anything is wrong, and the CSRF token required."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from services.payments.adapters.orm import expense_claims, expense_lines
from services.payments.config import load_settings as payments_settings
from services.payments.entitlements import service_layer as handlers
from services.payments.entitlements.entrypoints.consumed import attendance_recorded
from services.payments.entrypoints.app import create_app
from services.payments.expenses.adapters.receipts import ReceiptStore
from services.payments.people import entrypoints as recruitment_events
from services.payments.people.service_layer import projections
from shared.web import current_bus
from tests.support import migrated_engine

PERSON = str(uuid.uuid4())
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
STARTS = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)  # Tuesday 1 December 2026


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    app = create_app(
        payments_settings(),
        migrated_engine("payments", tmp_path),
        receipts=ReceiptStore(tmp_path / "receipts", 4096),
    )
    app.config["WTF_CSRF_ENABLED"] = False  # one test below keeps it on
    return app


def participant(app: Flask, participant_id: str = PERSON) -> FlaskClient:
    client = app.test_client()
    with client.session_transaction() as session:
        session["participant"] = {"id": participant_id, "issued_at": datetime.now(UTC).isoformat()}
    return client


def attended(app: Flask, who: str = PERSON) -> str:
    booking = str(uuid.uuid4())
    data = {
        "booking_id": booking, "participant_id": who, "activity_id": str(uuid.uuid4()),
        "outcome": "attended", "minutes_attended": 60, "session_minutes": 60,
        "session_starts_at": STARTS,
    }  # fmt: skip
    with current_bus(app).uow_factory() as uow:
        handlers.record_attendance(attendance_recorded(data), uow, payments_settings())
        uow.commit()
    return booking


def today() -> dict[str, str]:
    day = datetime.now(UTC) - timedelta(days=1)
    return {"spent_on-day": str(day.day), "spent_on-month": str(day.month),
            "spent_on-year": str(day.year)}  # fmt: skip


def send(client: FlaskClient, form: dict[str, Any], receipt: bytes | None = PNG) -> Any:
    data: dict[str, Any] = dict(form)
    if receipt is not None:
        data["receipts"] = [(io.BytesIO(receipt), "ticket.png", "image/png")]
    return client.post("/pay/expenses", data=data, content_type="multipart/form-data")


def stored(app: Flask) -> list[tuple]:
    with current_bus(app).uow_factory() as uow:
        t = expense_lines.c
        query = select(t.category, t.amount_pence, t.miles, t.spent_on)
        return [tuple(r) for r in uow.session.execute(query.order_by(expense_lines.c.id))]


def claims(app: Flask) -> int:
    with current_bus(app).uow_factory() as uow:
        return int(uow.session.execute(select(func.count()).select_from(expense_claims)).scalar())


def test_the_form_lists_the_sessions_attended_and_a_claim_is_sent(app: Flask) -> None:
    booking = attended(app)
    me = participant(app)
    page = me.get("/pay/expenses").get_data(as_text=True)
    assert "Tuesday 1 December 2026" in page and f'value="{booking}"' in page
    assert 'enctype="multipart/form-data"' in page and 'name="csrf_token"' in page
    answer = send(me, {"booking_id": booking, "miles": "12", "parking": "£3.50",
                       "public_transport": "4", **today()})  # fmt: skip
    assert answer.status_code == 302 and answer.headers["Location"] == "/pay?saved=expenses"
    day = (datetime.now(UTC) - timedelta(days=1)).date()
    assert stored(app) == [("mileage", 540, 12, day), ("public_transport", 400, None, day),
                           ("parking", 350, None, day)]  # fmt: skip
    assert "We have your expenses claim" in me.get("/pay?saved=expenses").get_data(as_text=True)
    # Claimed once: the session is no longer offered.
    assert booking not in me.get("/pay/expenses").get_data(as_text=True)


def test_every_mistake_is_named_beside_its_box_and_nothing_is_stored(app: Flask) -> None:
    attended(app)
    me = participant(app)
    answer = send(me, {"parking": "three pounds", "miles": "1.5", "spent_on-day": "31",
                       "spent_on-month": "2", "spent_on-year": "2026"})  # fmt: skip
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    for words in ("Choose the session you are claiming for.",
                  "Enter an amount in pounds and pence, like 12.50.",
                  "Enter the miles as a whole number, like 12.",
                  "Enter a real date, like 3 12 2026."):  # fmt: skip
        assert words in page
    assert 'id="parking-error"' in page and 'href="#parking"' in page
    assert 'value="three pounds"' in page  # what they typed is kept
    assert claims(app) == 0


def test_the_domain_rules_speak_beside_the_right_box(app: Flask) -> None:
    booking = attended(app)
    me = participant(app)
    taxi = send(me, {"booking_id": booking, "taxi": "12", **today()})
    assert taxi.status_code == 400 and 'id="prior_approval-error"' in taxi.get_data(as_text=True)
    fare = send(me, {"booking_id": booking, "public_transport": "4", **today()}, receipt=None)
    assert 'id="receipts-error"' in fare.get_data(as_text=True)
    fake = send(me, {"booking_id": booking, "parking": "2", **today()}, receipt=b"MZ not an image")
    assert "must be a photo (JPEG or PNG) or a PDF" in fake.get_data(as_text=True)
    future = datetime.now(UTC) + timedelta(days=3)
    later = {"spent_on-day": str(future.day), "spent_on-month": str(future.month),
             "spent_on-year": str(future.year)}  # fmt: skip
    ahead = send(me, {"booking_id": booking, "parking": "2", **later})
    assert "not in the future" in ahead.get_data(as_text=True)
    someone_elses = attended(app, who=str(uuid.uuid4()))
    other = send(me, {"booking_id": someone_elses, "parking": "2", **today()})
    assert other.status_code == 400 and claims(app) == 0


def test_no_sessions_means_nothing_to_claim_and_strangers_are_sent_for_a_link(app: Flask) -> None:
    page = participant(app, str(uuid.uuid4())).get("/pay/expenses").get_data(as_text=True)
    assert "There is nothing to claim for yet" in page
    asked = app.test_client().get("/pay/expenses").headers["Location"]
    assert asked == "/join/link?next=%2Fpay%2Fexpenses"


def test_the_form_needs_its_csrf_token(app: Flask) -> None:
    booking = attended(app)
    app.config["WTF_CSRF_ENABLED"] = True
    answer = send(participant(app), {"booking_id": booking, "parking": "2", **today()})
    assert answer.status_code == 400 and claims(app) == 0


def offer(app: Flask, booking_activity: str, rate_pence: int, expenses_covered: bool) -> None:
    data = {
        "activity_id": booking_activity, "title": "Reading group", "status": "open",
        "rate_pence": rate_pence, "rate_unit": "session", "expenses_covered": expenses_covered,
        "changed_at": datetime.now(UTC),
    }  # fmt: skip
    with current_bus(app).uow_factory() as uow:
        projections.activity_published(recruitment_events.activity_published(data), uow)
        uow.commit()


def attended_at(app: Flask, activity: str) -> str:
    booking = str(uuid.uuid4())
    data = {
        "booking_id": booking, "participant_id": PERSON, "activity_id": activity,
        "outcome": "attended", "minutes_attended": 60, "session_minutes": 60,
        "session_starts_at": STARTS,
    }  # fmt: skip
    with current_bus(app).uow_factory() as uow:
        handlers.record_attendance(attendance_recorded(data), uow, payments_settings())
        uow.commit()
    return booking


def test_expenses_only_pays_no_fee_and_takes_the_claim_unpaid_refuses(app: Flask) -> None:
    expenses_only, unpaid = str(uuid.uuid4()), str(uuid.uuid4())
    offer(app, expenses_only, 0, True)
    offer(app, unpaid, 0, False)
    covered, refused = attended_at(app, expenses_only), attended_at(app, unpaid)
    client = participant(app)
    form = client.get("/pay/expenses").get_data(as_text=True)
    assert f'value="{covered}"' in form  # no fee, and still a session to claim for
    answer = send(client, {"booking_id": refused, "parking": "3.50", **today()}, None)
    assert answer.status_code == 400
    assert "This activity is unpaid. It does not pay for your time or your expenses." in (
        answer.get_data(as_text=True)
    )
    answer = send(client, {"booking_id": covered, "parking": "3.50", **today()}, None)
    assert answer.status_code == 302
    data = client.get("/pay/me/data.json").json
    assert [(p["kind"], p["amount_pence"], p["activity"]) for p in data["payments"]] == [
        ("expenses", 350, "Reading group")
    ]  # no fee for either activity
    assert data["payments"][0]["expense_lines"][0]["category"] == "parking"
    assert data["payments"][0]["session_starts_at"] == STARTS.isoformat()
    page = client.get("/pay/me/data").get_data(as_text=True)
    assert "Reading group" in page and "Tuesday" not in page
    assert "1 December 2026" in page and "£3.50" in page
    assert app.test_client().get("/pay/me/data.json").status_code in (302, 401, 403)
