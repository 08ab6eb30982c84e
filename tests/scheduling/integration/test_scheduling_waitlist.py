"""Waitlists and approvals through scheduling's staff API on SQLite, with the clock moved by hand
for hold expiry: join, a cancellation offers the place, a lapsed hold passes on, accepting books,
a pending approval holds its place, and a rejection frees it."""

from __future__ import annotations

import json
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
from services.scheduling.waitlist.service_layer import waitlists
from services.scheduling.web import bus_of
from shared.bus.tables import outbox
from tests.scheduling.integration.test_scheduling_api import book, new_session, signed_in, slot
from tests.support import migrated_engine


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    app = create_app(
        bootstrap(settings=load_settings(), engine=migrated_engine("scheduling", tmp_path))
    )
    app.config["WTF_CSRF_ENABLED"] = False
    return app


@pytest.fixture
def coordinator(app: Flask) -> FlaskClient:
    return signed_in(app, ["coordinator"])


def person() -> str:
    return str(uuid.uuid4())


def outbox_events(app: Flask, event_type: str) -> list[dict[str, Any]]:
    with bus_of(app).uow_factory() as uow:
        query = select(outbox.c.payload).where(outbox.c.event_type == event_type)
        return [_data(p) for p in uow.session.execute(query.order_by(outbox.c.id)).scalars()]


def _data(payload: str) -> dict[str, Any]:
    return json.loads(payload)["data"]


def join(client: FlaskClient, slot_id: str, who: str) -> Any:
    return client.post(f"/api/scheduling/slots/{slot_id}/waitlist", json={"participant_id": who})


def full_slot(client: FlaskClient, **fields: Any) -> tuple[str, str]:
    """A one-place time, booked: (slot id, booking id)."""
    created = new_session(client, slot(capacity=1), **fields)
    assert created.status_code == 201, created.get_json()
    slot_id = created.get_json()["slot_ids"][0]
    booked = book(client, slot_id, person())
    assert booked.status_code == 201
    return slot_id, booked.get_json()["booking_id"]


def queue(client: FlaskClient, slot_id: str) -> dict[str, Any]:
    answer = client.get(f"/api/scheduling/slots/{slot_id}/waitlist")
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_join_then_a_cancellation_offers_the_place_and_accepting_books_it(
    app: Flask, coordinator: FlaskClient
) -> None:
    slot_id, booking_id = full_slot(coordinator)
    first, second = person(), person()

    joined = [join(coordinator, slot_id, first), join(coordinator, slot_id, second)]
    twice = join(coordinator, slot_id, first)
    assert [j.status_code for j in joined] == [201, 201]
    assert [j.get_json()["position"] for j in joined] == [1, 2]
    assert twice.get_json()["entry_id"] == joined[0].get_json()["entry_id"]
    assert len(outbox_events(app, "WaitlistJoined")) == 2

    cancelled = coordinator.post(f"/api/scheduling/bookings/{booking_id}/cancel")
    assert cancelled.status_code == 200

    (offer,) = outbox_events(app, "PlaceOffered")
    assert offer["participant_id"] == first
    assert set(offer) == {
        "hold_id",
        "participant_id",
        "activity_id",
        "session_id",
        "slot_id",
        "starts_at",
        "offered_at",
        "hold_expires_at",
    }
    line = queue(coordinator, slot_id)
    assert [(e["participant_id"], e["state"]) for e in line["entries"]] == [
        (first, "offered"),
        (second, "waiting"),
    ]
    assert (line["held"], line["places_left"]) == (1, 0)
    assert book(coordinator, slot_id, person()).status_code == 409  # held, so full

    accepted = coordinator.post(f"/api/scheduling/holds/{offer['hold_id']}/accept")
    again = coordinator.post(f"/api/scheduling/holds/{offer['hold_id']}/accept")
    assert (accepted.status_code, again.status_code) == (201, 200)
    assert accepted.get_json()["status"] == "confirmed"
    assert accepted.get_json()["participant_id"] == first
    confirmed = outbox_events(app, "BookingConfirmed")
    assert [c["participant_id"] for c in confirmed][-1] == first and len(confirmed) == 2
    assert queue(coordinator, slot_id)["entries"][0]["state"] == "accepted"


def test_a_time_with_places_or_a_booked_person_is_refused(coordinator: FlaskClient) -> None:
    created = new_session(coordinator, slot(capacity=2))
    slot_id = created.get_json()["slot_ids"][0]
    booked = person()
    assert book(coordinator, slot_id, booked).status_code == 201

    places = join(coordinator, slot_id, person())
    assert places.status_code == 409
    assert places.get_json()["message"] == "There are places: book it."
    assert book(coordinator, slot_id, person()).status_code == 201
    assert join(coordinator, slot_id, booked).status_code == 409
    assert join(coordinator, str(uuid.uuid4()), person()).status_code == 404


def test_an_unaccepted_hold_passes_to_the_next_person(app: Flask, coordinator) -> None:
    slot_id, booking_id = full_slot(coordinator)
    first, second = person(), person()
    join(coordinator, slot_id, first)
    join(coordinator, slot_id, second)
    coordinator.post(f"/api/scheduling/bookings/{booking_id}/cancel")
    (offer,) = outbox_events(app, "PlaceOffered")
    expires = datetime.fromisoformat(offer["hold_expires_at"])
    assert expires - datetime.fromisoformat(offer["offered_at"]) == timedelta(hours=2)

    uow = bus_of(app).uow_factory
    assert waitlists.expire_holds(uow, expires - timedelta(seconds=1)) == 0
    assert waitlists.expire_holds(uow, expires) == 1
    assert waitlists.expire_holds(uow, expires) == 0  # nothing more to do

    offers = outbox_events(app, "PlaceOffered")
    assert [o["participant_id"] for o in offers] == [first, second]
    states = [e["state"] for e in queue(coordinator, slot_id)["entries"]]
    assert states == ["passed", "offered"]
    late = coordinator.post(f"/api/scheduling/holds/{offer['hold_id']}/accept")
    assert late.status_code == 409
    assert coordinator.post(f"/api/scheduling/holds/{uuid.uuid4()}/accept").status_code == 404


def test_a_pending_approval_holds_its_place_and_a_rejection_frees_it(
    app: Flask, coordinator: FlaskClient
) -> None:
    created = new_session(coordinator, slot(capacity=1), requires_approval=True)
    slot_id = created.get_json()["slot_ids"][0]
    session_id = created.get_json()["session_id"]

    pending = book(coordinator, slot_id, person())
    assert pending.status_code == 201 and pending.get_json()["status"] == "pending"
    assert outbox_events(app, "BookingConfirmed") == []
    details = coordinator.get(f"/api/scheduling/sessions/{session_id}").get_json()
    assert details["slots"][0]["places_left"] == 0
    assert book(coordinator, slot_id, person()).status_code == 409
    waiting = person()
    assert join(coordinator, slot_id, waiting).status_code == 201

    booking_id = pending.get_json()["booking_id"]
    rejected = coordinator.post(f"/api/scheduling/bookings/{booking_id}/reject")
    assert rejected.status_code == 200 and rejected.get_json()["status"] == "rejected"
    assert [r["booking_id"] for r in outbox_events(app, "BookingRejected")] == [booking_id]
    (offer,) = outbox_events(app, "PlaceOffered")
    assert offer["participant_id"] == waiting
    assert coordinator.post(f"/api/scheduling/bookings/{booking_id}/approve").status_code == 409

    accepted = coordinator.post(f"/api/scheduling/holds/{offer['hold_id']}/accept")
    assert accepted.get_json()["status"] == "pending"  # this session still needs approval
    approved = coordinator.post(
        f"/api/scheduling/bookings/{accepted.get_json()['booking_id']}/approve"
    )
    assert approved.status_code == 200 and approved.get_json()["status"] == "confirmed"
    (confirmed,) = outbox_events(app, "BookingConfirmed")
    assert confirmed["participant_id"] == waiting


def test_waitlist_routes_are_for_organisers_only(app: Flask) -> None:
    volunteer = signed_in(app, ["finance"])
    assert volunteer.get(f"/api/scheduling/slots/{uuid.uuid4()}/waitlist").status_code == 403
    anonymous = app.test_client()
    assert anonymous.post(f"/api/scheduling/holds/{uuid.uuid4()}/accept").status_code in (
        401,
        403,
    )


def test_the_hold_length_comes_from_settings(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SCHEDULING_HOLD_HOURS", "0.5")
    app = create_app(
        bootstrap(settings=load_settings(), engine=migrated_engine("scheduling", tmp_path))
    )
    app.config["WTF_CSRF_ENABLED"] = False
    client = signed_in(app, ["admin"])
    slot_id, booking_id = full_slot(client)
    join(client, slot_id, person())
    client.post(f"/api/scheduling/bookings/{booking_id}/cancel")

    (offer,) = outbox_events(app, "PlaceOffered")
    held_for = datetime.fromisoformat(offer["hold_expires_at"]) - datetime.fromisoformat(
        offer["offered_at"]
    )
    assert held_for == timedelta(minutes=30)
    assert datetime.fromisoformat(offer["offered_at"]) <= datetime.now(UTC)
