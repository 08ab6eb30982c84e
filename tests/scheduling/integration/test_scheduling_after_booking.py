"""After booking, on SQLite: reminders (and none for cancelled bookings), attendance with its
rules, calling a session off, and the organisers' summary of the help people need."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from services.scheduling.attendance import service_layer as attendance
from services.scheduling.attendance.commands import RecordAttendance
from services.scheduling.reminders import service_layer as reminders
from services.scheduling.sessions.domain.booking import BookingRefused
from services.scheduling.web import bus_of
from shared.bus.tables import outbox
from tests.scheduling.integration.test_scheduling_api import (
    app,
    book,
    coordinator,
    new_session,
    slot,
)

__all__ = ["app", "coordinator"]  # fixtures used below

STAFF = str(uuid.uuid4())
START = datetime.now(UTC).replace(microsecond=0) + timedelta(days=5)


def published(app: Flask, kind: str) -> list[dict[str, Any]]:
    with bus_of(app).uow_factory() as uow:
        query = select(outbox.c.payload).where(outbox.c.event_type == kind).order_by(outbox.c.id)
        return [json.loads(p)["data"] for p in uow.session.execute(query).scalars()]


def booked_session(client: FlaskClient, people: int = 2) -> tuple[str, str, list[str]]:
    created = new_session(client, slot(START, capacity=5)).get_json()
    slot_id = created["slot_ids"][0]
    ids = [book(client, slot_id, str(uuid.uuid4())).get_json()["booking_id"] for _ in range(people)]
    return created["session_id"], slot_id, ids


def test_reminders_go_once_at_each_offset_and_never_for_a_cancelled_booking(
    app: Flask, coordinator: FlaskClient
) -> None:
    _, _, (kept, dropped) = booked_session(coordinator)
    coordinator.post(f"/api/scheduling/bookings/{dropped}/cancel")
    uows = bus_of(app).uow_factory

    assert reminders.announce_due(uows(), START - timedelta(days=3)) == 0  # too early
    assert reminders.announce_due(uows(), START - timedelta(days=2)) == 1
    assert reminders.announce_due(uows(), START - timedelta(days=1)) == 0  # already sent
    assert reminders.announce_due(uows(), START - timedelta(hours=1)) == 1  # the 2-hour one
    assert reminders.announce_due(uows(), START + timedelta(minutes=1)) == 0  # it has started

    sent = published(app, "ReminderDue")
    assert [(r["booking_id"], r["hours_before"]) for r in sent] == [(kept, 48), (kept, 2)]
    assert sent[0]["activity_title"] == "Making GP appointments easier"


def test_reminder_offsets_setting() -> None:
    assert reminders.parse_offsets("2d, 2h") == (timedelta(days=2), timedelta(hours=2))
    assert reminders.parse_offsets("off") == ()
    for bad in ("2 days", "h", "-2h"):
        with pytest.raises(ValueError, match="2d,2h"):
            reminders.parse_offsets(bad)


def test_attendance_is_recorded_once_with_minutes_that_make_sense(
    app: Flask, coordinator: FlaskClient
) -> None:
    _, _, (whole, part) = booked_session(coordinator)
    uows = bus_of(app).uow_factory

    early = coordinator.post(
        f"/api/scheduling/bookings/{whole}/attendance", json={"outcome": "attended"}
    )
    assert (
        early.status_code == 409 and "once the session has started" in early.get_json()["message"]
    )

    later = START + timedelta(hours=2)
    attendance.record(RecordAttendance(whole, "attended", None, STAFF), uows(), clock=lambda: later)
    for outcome, minutes in (("partly_attended", 60), ("partly_attended", None), ("no_show", 5)):
        with pytest.raises(BookingRefused, match="minutes"):
            attendance.record(
                RecordAttendance(part, outcome, minutes, STAFF), uows(), clock=lambda: later
            )
    attendance.record(
        RecordAttendance(part, "partly_attended", 25, STAFF), uows(), clock=lambda: later
    )

    again = coordinator.post(
        f"/api/scheduling/bookings/{whole}/attendance", json={"outcome": "no_show"}
    )
    assert again.status_code == 409 and "already recorded" in again.get_json()["message"]
    recorded = {e["booking_id"]: e for e in published(app, "AttendanceRecorded")}
    assert recorded[whole]["minutes_attended"] == 60 and recorded[whole]["session_minutes"] == 60
    assert (
        recorded[part]["outcome"] == "partly_attended" and recorded[part]["minutes_attended"] == 25
    )
    assert (
        coordinator.post(
            f"/api/scheduling/bookings/{uuid.uuid4()}/attendance", json={"outcome": "x"}
        )
    ).status_code == 422


def test_calling_a_session_off_cancels_every_booking_and_closes_it(
    app: Flask, coordinator: FlaskClient
) -> None:
    session_id, slot_id, booking_ids = booked_session(coordinator, people=3)

    answer = coordinator.post(f"/api/scheduling/sessions/{session_id}/cancel")

    assert answer.status_code == 200 and answer.get_json()["cancelled_at"]
    [called_off] = published(app, "SessionCancelled")
    assert sorted(called_off["booking_ids"]) == sorted(booking_ids)
    assert called_off["late"] is False  # five days' notice
    causes = {e["booking_id"]: e["cause"] for e in published(app, "BookingCancelled")}
    assert causes == dict.fromkeys(booking_ids, "session_cancelled")
    refused = book(coordinator, slot_id, str(uuid.uuid4()))
    assert refused.status_code == 422 and "cancelled" in refused.get_json()["message"]
    assert coordinator.post(f"/api/scheduling/sessions/{session_id}/cancel").status_code == 200
    assert len(published(app, "SessionCancelled")) == 1  # calling it off twice says it once


def test_the_organisers_see_who_is_coming_and_the_help_to_arrange(
    app: Flask, coordinator: FlaskClient
) -> None:
    session_id, slot_id, _ = booked_session(coordinator, people=0)
    people = [str(uuid.uuid4()) for _ in range(3)]
    with bus_of(app).uow_factory() as uow:
        uow.needs.save(people[0], ("carer", "step_free"))
        uow.needs.save(people[1], ("bsl", "step_free"))
        uow.needs.save(people[2], ())
        uow.commit()
    for who in people:
        book(coordinator, slot_id, who)

    answer = coordinator.get(f"/api/scheduling/sessions/{session_id}/people").get_json()

    [at_the_time] = answer["slots"]
    assert sorted(at_the_time["booked"]) == sorted(people)
    assert at_the_time["needs_summary"] == (
        "2 need step-free access, 1 BSL interpreter, 1 carer attending"
    )
    assert coordinator.get(f"/api/scheduling/sessions/{uuid.uuid4()}/people").status_code == 404
