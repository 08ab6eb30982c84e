"""Scheduling's staff API on SQLite: every answer a coordinator can get, and the events that
land in the outbox with each change."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from services.scheduling.bootstrap import bootstrap
from services.scheduling.config import load_settings
from services.scheduling.entrypoints.app import create_app
from services.scheduling.web import bus_of
from shared.bus.tables import outbox
from tests.scheduling.fakes import Clock
from tests.support import migrated_engine
from tests.support import staff_client as signed_in

SOON = datetime.now(UTC).replace(microsecond=0) + timedelta(days=5)


@pytest.fixture
def app(tmp_path: Path, clock: Clock) -> Flask:
    engine = migrated_engine("scheduling", tmp_path)
    app = create_app(bootstrap(settings=load_settings(), engine=engine, clock=clock))
    app.config["WTF_CSRF_ENABLED"] = False  # CSRF has its own test below
    return app


@pytest.fixture
def coordinator(app: Flask) -> FlaskClient:
    return signed_in(app, ["coordinator"])


def new_session(client: FlaskClient, *slots: dict[str, Any], **fields: Any) -> Any:
    slots = fields.pop("slots", None) or slots or (slot(),)
    body = {
        "activity_id": str(uuid.uuid4()),
        "activity_title": "Making GP appointments easier",
        "format": "in_person",
        "location": "Central Library, Calverley Street, Leeds LS1 3AB",
        "access_features": ["step_free", "hearing_loop"],
        **fields,
        "slots": list(slots),
    }
    return client.post("/api/scheduling/sessions", json=body)


def slot(starts: datetime = SOON, capacity: int = 2, **times: datetime) -> dict[str, Any]:
    return {
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=1)).isoformat(),
        "capacity": capacity,
        **{name: value.isoformat() for name, value in times.items()},
    }


def book(client: FlaskClient, slot_id: str, participant_id: str) -> Any:
    return client.post(
        f"/api/scheduling/slots/{slot_id}/bookings", json={"participant_id": participant_id}
    )


def outbox_types(app: Flask) -> list[str]:
    with bus_of(app).uow_factory() as uow:
        query = select(outbox.c.event_type).order_by(outbox.c.id)
        return list(uow.session.execute(query).scalars())


def test_a_session_is_created_read_booked_and_cancelled(app: Flask, coordinator) -> None:
    created = new_session(coordinator, slot(SOON), slot(SOON + timedelta(days=1)))
    assert created.status_code == 201, created.get_json()
    first_slot = created.get_json()["slot_ids"][0]
    who = str(uuid.uuid4())

    booked = book(coordinator, first_slot, who)
    again = book(coordinator, first_slot, who)
    assert (booked.status_code, again.status_code) == (201, 200)
    assert again.get_json()["booking_id"] == booked.get_json()["booking_id"]
    assert booked.get_json()["starts_at_uk"].endswith("m")  # e.g. "Tuesday 3 December, 10:30am"

    details = coordinator.get(f"/api/scheduling/sessions/{created.get_json()['session_id']}")
    assert details.status_code == 200
    assert details.get_json()["bookings_count"] == 1
    assert [s["places_left"] for s in details.get_json()["slots"]] == [1, 2]

    booking_id = booked.get_json()["booking_id"]
    cancelled = coordinator.post(f"/api/scheduling/bookings/{booking_id}/cancel")
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    assert outbox_types(app) == [
        "SlotPublished",
        "SlotPublished",
        "BookingConfirmed",
        "BookingCancelled",
    ]


def test_a_full_time_and_a_second_time_in_the_session_are_conflicts(coordinator) -> None:
    slot_ids = new_session(coordinator, slot(capacity=1), slot(SOON + timedelta(hours=2)))
    first, second = slot_ids.get_json()["slot_ids"]
    who = str(uuid.uuid4())
    assert book(coordinator, first, who).status_code == 201

    full = book(coordinator, first, str(uuid.uuid4()))
    assert full.status_code == 409 and full.get_json()["message"] == "This time is full."
    other = book(coordinator, second, who)
    assert other.status_code == 409 and "another time" in other.get_json()["message"]


def test_unknown_slot_or_booking_is_404(coordinator) -> None:
    assert book(coordinator, str(uuid.uuid4()), str(uuid.uuid4())).status_code == 404
    missing = coordinator.post(f"/api/scheduling/bookings/{uuid.uuid4()}/cancel")
    assert missing.status_code == 404
    assert coordinator.get(f"/api/scheduling/sessions/{uuid.uuid4()}").status_code == 404


def test_a_closed_window_is_422_and_a_passed_cut_off_409(app: Flask, coordinator) -> None:
    past = datetime.now(UTC) - timedelta(hours=1)
    closed = new_session(
        coordinator, slot(booking_opens_at=past - timedelta(days=1), booking_closes_at=past)
    ).get_json()["slot_ids"][0]
    refused = book(coordinator, closed, str(uuid.uuid4()))
    assert refused.status_code == 422
    assert refused.get_json()["message"] == "Booking for this time has closed."

    late = new_session(coordinator, slot(cancel_by=past)).get_json()["slot_ids"][0]
    booking_id = book(coordinator, late, str(uuid.uuid4())).get_json()["booking_id"]
    too_late = coordinator.post(f"/api/scheduling/bookings/{booking_id}/cancel")
    assert too_late.status_code == 409
    assert too_late.get_json()["message"] == "It is too late to cancel this booking."
    assert outbox_types(app).count("BookingCancelled") == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"slots": [slot(capacity=501)]}, "slots"),
        ({"slots": [{**slot(), "ends_at": SOON.isoformat()}]}, "slots.0.ends_at"),
        ({"location": None}, "location"),
        ({"format": "online", "location": None}, "joining_url"),
    ],
)
def test_a_session_that_makes_no_sense_is_422(coordinator, change: dict, field: str) -> None:
    answer = new_session(coordinator, **change)
    assert answer.status_code == 422
    assert field in answer.get_json()["errors"]["json"]


def test_a_finance_approver_cannot_book_and_csrf_is_checked(app: Flask) -> None:
    approver = signed_in(app, ["finance_approver"])
    assert book(approver, str(uuid.uuid4()), str(uuid.uuid4())).status_code == 403
    app.config["WTF_CSRF_ENABLED"] = True
    coordinator = signed_in(app, ["coordinator"])
    assert new_session(coordinator).status_code == 400  # no X-CSRFToken from a staff page
