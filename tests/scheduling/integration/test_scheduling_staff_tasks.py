"""Staff tasks on SQLite (SchedulingStaffTask through the outbox, each checked against the
contract as it is staged): a time below its minimum opens a task a day before its decision,
becomes urgent at the decision and is done when it reaches the minimum or runs anyway; a
lapsed hold opens a task that is done when its time starts. Each change is announced once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from services.scheduling.booking.commands import CancelBooking
from services.scheduling.booking.service_layer import booking as handlers
from services.scheduling.sessions.commands import RunAnyway
from services.scheduling.sessions.service_layer import coordinator as decisions
from services.scheduling.staff_tasks import service_layer as staff_tasks
from services.scheduling.waitlist.commands import JoinWaitlist
from services.scheduling.waitlist.service_layer import waitlists
from services.scheduling.web import bus_of
from shared.bus.tables import outbox
from shared.events.envelope import decode
from tests.scheduling.integration.test_scheduling_api import app, coordinator
from tests.scheduling.integration.test_scheduling_coordinator_pages import (
    START,
    book_people,
    make_session,
)

__all__ = ["app", "coordinator"]  # fixtures used below

DECISION = START - timedelta(days=2)


def tasks(app: Flask) -> list[dict[str, Any]]:
    with bus_of(app).uow_factory() as uow:
        query = select(outbox.c.payload).where(outbox.c.event_type == "SchedulingStaffTask")
        payloads = uow.session.execute(query.order_by(outbox.c.id)).scalars().all()
    return [decode(p.encode()).data for p in payloads]


def test_a_time_below_its_minimum_is_a_task_until_it_reaches_it(
    app: Flask, coordinator: FlaskClient
) -> None:
    session_id, slot_id = make_session(
        coordinator, min_group_size=2, decision_at=DECISION.isoformat()
    )
    book_people(coordinator, slot_id, 1)
    uow = bus_of(app).uow_factory

    assert staff_tasks.review(uow(), DECISION - timedelta(days=2)) == 0  # too early to say
    assert staff_tasks.review(uow(), DECISION - timedelta(hours=12)) == 1
    assert staff_tasks.review(uow(), DECISION - timedelta(hours=11)) == 0  # said once
    assert staff_tasks.review(uow(), DECISION + timedelta(minutes=1)) == 1  # now urgent
    book_people(coordinator, slot_id, 1)
    assert staff_tasks.review(uow(), DECISION + timedelta(hours=1)) == 1  # reached it

    opened, urgent, done = tasks(app)
    assert opened["kind"] == "session_below_minimum" and opened["state"] == "open"
    assert not opened["urgent"] and urgent["urgent"] and urgent["state"] == "open"
    assert (opened["booked"], opened["minimum"]) == (1, 2)
    assert opened["path"] == f"/book/manage/sessions/{session_id}"
    assert opened["roles"] == ["coordinator", "admin"]
    assert opened["starts_at"] == START.isoformat()
    assert done["state"] == "done" and done["booked"] == 2
    assert opened["task_id"] == urgent["task_id"] == done["task_id"]  # one task, three states
    assert staff_tasks.review(uow(), DECISION + timedelta(hours=2)) == 0


def test_running_anyway_closes_the_task(app: Flask, coordinator: FlaskClient) -> None:
    session_id, slot_id = make_session(
        coordinator, min_group_size=3, decision_at=DECISION.isoformat()
    )
    uow = bus_of(app).uow_factory
    staff_tasks.review(uow(), DECISION)
    decisions.run_anyway(RunAnyway(session_id, slot_id), uow(), lambda: DECISION)
    assert staff_tasks.review(uow(), DECISION + timedelta(minutes=1)) == 1
    assert [t["state"] for t in tasks(app)] == ["open", "done"]


def test_a_lapsed_hold_is_a_task_until_its_time_starts(
    app: Flask, coordinator: FlaskClient
) -> None:
    session_id, slot_id = make_session(coordinator, capacity=1)
    ((booking_id, _),) = book_people(coordinator, slot_id, 1)
    uow = bus_of(app).uow_factory
    waitlists.join_waitlist(JoinWaitlist(slot_id, "7d3b1c2e-0000-4000-8000-000000000001"), uow())
    handlers.cancel_booking(CancelBooking(booking_id), uow())
    waitlists.expire_holds(uow, START - timedelta(hours=1))  # held for 2 hours, not taken

    (opened,) = tasks(app)
    assert (opened["kind"], opened["state"]) == ("hold_expired", "open")
    assert opened["path"] == f"/book/manage/sessions/{session_id}"
    assert staff_tasks.review(uow(), START - timedelta(minutes=30)) == 0
    assert staff_tasks.review(uow(), START) == 1  # the time has come: nothing left to do
    assert [t["state"] for t in tasks(app)] == ["open", "done"]
