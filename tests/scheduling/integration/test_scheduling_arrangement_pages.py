"""Arrangements on the session page and the venue pages, on SQLite with the Flask test client:
tasks in plain words from the needs of the people booked (by name), settling them (a reason for
"not possible"), ArrangementDone in the outbox, a cancellation taking a person's task away, the
venue check, and running a time with arrangements open only when the coordinator ticks."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from services.scheduling.arrangements.commands import ReviewArrangements
from services.scheduling.people.commands import KeepContact, KeepStaffName
from services.scheduling.web import bus_of
from shared.bus.tables import outbox
from shared.pages.formats import uk_short_date
from tests.scheduling.fakes import Clock
from tests.scheduling.integration.test_scheduling_api import app, book, signed_in
from tests.scheduling.integration.test_scheduling_coordinator_pages import (
    START,
    at,
    make_session,
    page,
)

__all__ = ["app"]  # fixtures used below


@pytest.fixture
def coordinator(app: Flask) -> FlaskClient:
    """Signed in as a coordinator whose name scheduling knows (from StaffProfileChanged)."""
    staff_id = str(uuid.uuid4())
    bus = bus_of(app)
    with bus.uow_factory() as uow:
        bus.handle(KeepStaffName(staff_id, "Cora Lee", datetime.now(UTC)), uow)
        uow.commit()
    return signed_in(app, ["coordinator"], staff_id=staff_id)


def person(app: Flask, name: str, *needs: str, language: str | None = None) -> str:
    participant_id = str(uuid.uuid4())
    bus = bus_of(app)
    with bus.uow_factory() as uow:  # as the consumer hands in its unit of work
        bus.handle(KeepContact(participant_id, name, needs, language), uow)
        uow.commit()
    return participant_id


def booked(app: Flask, client: FlaskClient, slot_id: str, session_id: str, who: str) -> str:
    made = book(client, slot_id, who)
    assert made.status_code == 201, made.get_json()
    bus_of(app).handle(ReviewArrangements(session_id))  # what the consumer does on BookingConfirmed
    return str(made.get_json()["booking_id"])


def tasks_on(text: str) -> list[str]:
    return [line.split(">", 1)[1].split("<", 1)[0] for line in text.split("\n")
            if 'nhsuk-card__heading' in line]  # fmt: skip


def task_ids(text: str) -> list[str]:
    return [part.split('"', 1)[0] for part in text.split('id="arrangement-')[1:]]


def arrangement_events(app: Flask) -> list[dict[str, Any]]:
    with bus_of(app).uow_factory() as uow:
        query = select(outbox.c.payload).where(outbox.c.event_type == "ArrangementDone")
        return [_loaded(row) for row in uow.session.execute(query).scalars()]


def _loaded(payload: Any) -> dict[str, Any]:
    found = json.loads(payload) if isinstance(payload, str | bytes) else payload
    return found if "data" in found else {"data": found}


def test_needs_become_tasks_by_name_and_are_settled(app: Flask, coordinator: FlaskClient) -> None:
    session_id, slot_id = make_session(coordinator)
    ann = person(app, "Ann Jones", "bsl", "step_free", "travel_help")
    bo = person(app, "Bo Khan", "large_print")
    cy = person(app, "Cy Evans", "large_print", "bsl")
    booked(app, coordinator, slot_id, session_id, ann)
    booked(app, coordinator, slot_id, session_id, bo)
    cy_booking = booked(app, coordinator, slot_id, session_id, cy)

    text = page(coordinator, session_id)
    day = uk_short_date(START)
    assert tasks_on(text) == [
        f"Book a BSL interpreter for {day}",
        "Print 2 large-print packs",
        "Confirm step-free entrance",
        "Arrange a taxi for Ann Jones",
    ]
    assert "For: Ann Jones, Cy Evans" in text  # who needs the interpreter, by name
    bsl, packs, step_free, taxi = task_ids(text)

    base = f"/book/manage/sessions/{session_id}/arrangements"
    refused = coordinator.post(f"{base}/{taxi}", data={"outcome": "not_possible", "reason": " "})
    assert refused.status_code == 422
    assert "Say why it is not possible" in refused.get_data(as_text=True)
    why = {"outcome": "not_possible", f"reason-{taxi}": "No taxi firm that day"}
    gone = coordinator.post(f"{base}/{taxi}", data=why)
    assert gone.status_code == 302 and "done=arranged" in gone.headers["Location"]
    for task in (bsl, step_free):
        assert coordinator.post(f"{base}/{task}", data={"outcome": "done"}).status_code == 302
    assert coordinator.post(f"{base}/{uuid.uuid4()}", data={"outcome": "done"}).status_code == 404

    after = page(coordinator, session_id)
    assert "Why: No taxi firm that day" in after and "By Cora Lee on" in after
    events = arrangement_events(app)
    assert len(events) == 3
    told = [p["participant_id"] for e in events for p in e["data"]["settled_for"]]
    assert told == [ann]  # Ann's three are settled; Cy still waits for the large print
    assert "No taxi" not in str(events)  # the reason stays in scheduling

    # Cy cancels: the packs go down to 1, and the interpreter stays for Ann.
    cancel = coordinator.post(f"/api/scheduling/bookings/{cy_booking}/cancel")
    assert cancel.status_code == 200, cancel.get_json()
    bus_of(app).handle(ReviewArrangements(session_id))
    assert "Print 1 large-print pack" in tasks_on(page(coordinator, session_id))
    assert packs in task_ids(page(coordinator, session_id))


def test_a_venue_without_step_free_access_warns_on_the_task(
    app: Flask, coordinator: FlaskClient
) -> None:
    session_id, slot_id = make_session(coordinator)
    booked(app, coordinator, slot_id, session_id, person(app, "Ann Jones", "step_free"))
    assert "The venue has no step-free access" not in page(coordinator, session_id)

    empty = coordinator.get("/book/manage/venues").get_data(as_text=True)
    assert "There are no venues yet." in empty
    refused = coordinator.post("/book/manage/venues/new", data={"name": "Old Chapel"})
    assert refused.status_code == 422 and "Enter the venue&#39;s address" in refused.get_data(
        as_text=True
    )
    made = coordinator.post(
        "/book/manage/venues/new",
        data={
            "name": "Old Chapel",
            "address": "1 Hill Street, Leeds LS2 1AA",
            "access_features": ["parking", "quiet_room"],
        },
    )
    assert made.status_code == 302
    listed = coordinator.get("/book/manage/venues").get_data(as_text=True)
    assert "Old Chapel" in listed and "Parking, Quiet room" in listed
    links = [part.split('"')[0] for part in listed.split('href="/book/manage/venues/')[1:]]
    (venue_id,) = [link for link in links if link != "new"]

    chosen = coordinator.post(
        f"/book/manage/sessions/{session_id}/venue", data={"venue_id": venue_id}
    )
    assert chosen.status_code == 302
    text = page(coordinator, session_id)
    assert "The venue has no step-free access. Find a way in, or move the session." in text
    assert "Old Chapel, 1 Hill Street, Leeds LS2 1AA" in text

    edit = coordinator.post(
        f"/book/manage/venues/{venue_id}",
        data={
            "name": "Old Chapel",
            "address": "1 Hill Street, Leeds LS2 1AA",
            "access_features": ["step_free", "parking"],
        },
    )
    assert edit.status_code == 302
    coordinator.post(f"/book/manage/sessions/{session_id}/venue", data={"venue_id": venue_id})
    assert "The venue has no step-free access" not in page(coordinator, session_id)
    assert coordinator.get(f"/book/manage/venues/{uuid.uuid4()}").status_code == 404
    unknown = {"venue_id": str(uuid.uuid4())}
    assert (
        coordinator.post(f"/book/manage/sessions/{session_id}/venue", data=unknown).status_code
        == 404
    )


def test_a_time_runs_with_arrangements_open_only_when_ticked(
    app: Flask, coordinator: FlaskClient, clock: Clock
) -> None:
    session_id, slot_id = make_session(coordinator, min_group_size=3)
    booked(app, coordinator, slot_id, session_id, person(app, "Ann Jones", "bsl"))
    at(clock, START - timedelta(days=1))
    text = page(coordinator, session_id)
    assert "Go ahead anyway with 1 arrangement still open" in text

    run = f"/book/manage/sessions/{session_id}/times/{slot_id}/run"
    refused = coordinator.post(run)
    assert refused.status_code == 422
    assert "Some arrangements for this time are still open" in refused.get_data(as_text=True)
    assert coordinator.post(run, data={"go_ahead": "yes"}).status_code == 302
    after = page(coordinator, session_id)
    assert "Cora Lee went ahead with 1 arrangement open on" in after


def test_needs_that_arrive_after_the_booking_still_make_tasks(
    app: Flask, coordinator: FlaskClient
) -> None:
    session_id, slot_id = make_session(coordinator)
    late = str(uuid.uuid4())
    booked(app, coordinator, slot_id, session_id, late)  # their contact event is still on its way
    assert "Nothing to arrange for the people booked so far." in page(coordinator, session_id)
    bus = bus_of(app)
    with bus.uow_factory() as uow:
        bus.handle(KeepContact(late, "Dee Late", ("captions", "hearing_loop")), uow)
        uow.commit()
    day = uk_short_date(START)
    assert tasks_on(page(coordinator, session_id)) == [f"Check the hearing loop works on {day}"]


def test_the_spoken_language_from_recruitment_is_shown_to_staff(
    app: Flask, coordinator: FlaskClient
) -> None:
    session_id, slot_id = make_session(coordinator)
    ewa = person(app, "Ewa Nowak", "interpreter", language="Polish")
    booked(app, coordinator, slot_id, session_id, ewa)
    booked(app, coordinator, slot_id, session_id, person(app, "Sam Hill", "interpreter"))
    day = uk_short_date(START)
    assert sorted(tasks_on(page(coordinator, session_id))) == [
        f"Book a Polish interpreter for {day}",
        f"Book a spoken language interpreter for {day} (ask Sam Hill which language)",
    ]


def test_offering_a_time_at_a_venue_checks_the_needs_of_people_booked_and_waiting(
    app: Flask, coordinator: FlaskClient
) -> None:
    session_id, slot_id = make_session(coordinator, capacity=3)
    booked(app, coordinator, slot_id, session_id, person(app, "Sam Hill", "step_free"))
    booked(app, coordinator, slot_id, session_id, person(app, "Ann Jones", "hearing_loop", "bsl"))
    booked(app, coordinator, slot_id, session_id, person(app, "Bo Khan", "large_print"))
    cy = person(app, "Cy Evans", "step_free")  # the time is full: Cy waits for a place
    waiting = coordinator.post(
        f"/api/scheduling/slots/{slot_id}/waitlist", json={"participant_id": cy}
    )
    assert waiting.status_code in (200, 201), waiting.get_json()
    made = coordinator.post(
        "/book/manage/venues/new",
        data={"name": "Central Library", "address": "Calverley Street, Leeds LS1 3AB"},
    )
    assert made.status_code == 302
    listed = coordinator.get("/book/manage/venues").get_data(as_text=True)
    (venue_id,) = [
        link.split('"')[0]
        for link in listed.split('href="/book/manage/venues/')[1:]
        if not link.startswith("new")
    ]
    chosen = coordinator.post(
        f"/book/manage/sessions/{session_id}/venue", data={"venue_id": venue_id}
    )
    assert chosen.status_code == 302
    text = page(coordinator, session_id)
    assert "Needs the place may not meet" in text
    gaps = text.split('id="venue-gaps"')[1].split("</ul>")[0]
    assert "Ann Jones needs a hearing loop; Central Library has no hearing loop recorded." in gaps
    assert (
        "Sam Hill needs step-free access; Central Library has no step-free access recorded." in gaps
    )
    assert "Cy Evans needs step-free access" in gaps
    assert "Bo Khan" not in gaps  # large print is not the venue's to give
    assert gaps.index("Ann Jones") < gaps.index("Cy Evans") < gaps.index("Sam Hill")  # by name

    coordinator.post(
        f"/book/manage/venues/{venue_id}",
        data={
            "name": "Central Library",
            "address": "Calverley Street, Leeds LS1 3AB",
            "access_features": ["step_free", "hearing_loop"],
        },
    )
    assert "Needs the place may not meet" not in page(coordinator, session_id)
