"""Coordinators' pages (/book/manage) on SQLite with the Flask test client: the list, a session
with its people, waitlist and needs, the minimum group size (flag, run anyway), calling the
session off, and attendance with every refusal (nothing changes on a refusal). The pages' clock
is the app's bus's, which a test sets (fakes.Clock)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from services.scheduling.adapters.tables.attendance import attendance
from services.scheduling.adapters.tables.sessions import sessions, slots
from services.scheduling.waitlist.commands import JoinWaitlist
from services.scheduling.waitlist.service_layer import waitlists
from services.scheduling.web import bus_of
from tests.scheduling.fakes import Clock
from tests.scheduling.integration.test_scheduling_api import (
    app,
    book,
    coordinator,
    new_session,
    outbox_types,
    signed_in,
    slot,
)
from tests.scheduling.integration.test_scheduling_booking_pages import as_participant, invite

__all__ = ["app", "coordinator"]  # fixtures used below

START = datetime.now(UTC).replace(microsecond=0) + timedelta(days=5)
DIRECTIONS = "Enter by the side door on Park Lane"


def at(clock: Clock, when: datetime | None) -> None:
    """The app's time from now on (None: the real time again)."""
    clock.set(when)


def time_at(start: datetime = START, capacity: int = 5, **fields: Any) -> dict[str, Any]:
    """slot() with the minimum group size too (numbers as they are, times in ISO 8601)."""
    return {
        **slot(start, capacity=capacity),
        **{k: v.isoformat() if isinstance(v, datetime) else v for k, v in fields.items()},
    }


def make_session(client: FlaskClient, capacity: int = 5, **slot_fields: Any) -> tuple[str, str]:
    created = new_session(client, time_at(START, capacity, **slot_fields), directions=DIRECTIONS)
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    return body["session_id"], body["slot_ids"][0]


def book_people(client: FlaskClient, slot_id: str, people: int) -> list[tuple[str, str]]:
    """(booking id, participant id) for each new booking."""
    made = []
    for _ in range(people):
        who = str(uuid.uuid4())
        made.append((book(client, slot_id, who).get_json()["booking_id"], who))
    return made


def page(client: FlaskClient, session_id: str) -> str:
    answer = client.get(f"/book/manage/sessions/{session_id}")
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def recorded(app: Flask) -> int:
    with bus_of(app).uow_factory() as uow:
        return int(uow.session.execute(select(func.count()).select_from(attendance)).scalar())


def confirmed_to_run(app: Flask, slot_id: str) -> datetime | None:
    with bus_of(app).uow_factory() as uow:
        query = select(slots.c.confirmed_to_run_at).where(slots.c.id == slot_id)
        return uow.session.execute(query).scalar()


def cancelled_at(app: Flask, session_id: str) -> datetime | None:
    with bus_of(app).uow_factory() as uow:
        query = select(sessions.c.cancelled_at).where(sessions.c.id == session_id)
        return uow.session.execute(query).scalar()


def test_only_coordinators_and_admins_get_in(app: Flask) -> None:
    anonymous = app.test_client().get("/book/manage")
    assert anonymous.status_code == 302 and "/staff/sign-in" in anonymous.headers["Location"]
    assert signed_in(app, ["finance"]).get("/book/manage").status_code == 403
    assert signed_in(app, ["admin"]).get("/book/manage").status_code == 200


def test_the_list_shows_the_newest_session_first(coordinator: FlaskClient) -> None:
    empty = coordinator.get("/book/manage").get_data(as_text=True)
    assert "There are no sessions yet." in empty
    older, _ = make_session(coordinator)
    newer = new_session(coordinator, slot(START), activity_title="Pharmacy opening hours")
    newer_id = newer.get_json()["session_id"]

    listed = coordinator.get("/book/manage").get_data(as_text=True)
    assert listed.index(f"/book/manage/sessions/{newer_id}") < listed.index(
        f"/book/manage/sessions/{older}"
    )
    assert "Pharmacy opening hours" in listed


def test_a_session_shows_its_people_waitlist_needs_and_directions(
    app: Flask, coordinator: FlaskClient
) -> None:
    session_id, slot_id = make_session(coordinator, capacity=2)
    (_, first), (_, second) = book_people(coordinator, slot_id, 2)
    waiting = str(uuid.uuid4())
    waitlists.join_waitlist(JoinWaitlist(slot_id, waiting), bus_of(app).uow_factory())
    with bus_of(app).uow_factory() as uow:
        uow.needs.save(first, ("step_free", "bsl"))
        uow.needs.save(second, ("step_free", "carer"))
        uow.commit()

    shown = page(coordinator, session_id)
    assert "Making GP appointments easier" in shown
    assert DIRECTIONS in shown and "Step-free access" in shown  # the venue's access
    assert "2 of 2 places" in shown
    assert first[:8] in shown and second[:8] in shown and first not in shown  # short ids only
    assert waiting[:8] in shown and "Waiting" in shown
    assert "Step-free access: 2" in shown and "BSL interpreter: 1" in shown
    assert "Carer attending: 1" in shown
    assert "Record attendance" not in shown  # not started yet
    assert "Below the minimum group size" not in shown
    assert coordinator.get(f"/book/manage/sessions/{uuid.uuid4()}").status_code == 404


def test_directions_and_the_minimum_are_in_the_staff_api(coordinator: FlaskClient) -> None:
    decided = datetime.now(UTC) - timedelta(minutes=1)  # the decision time has passed
    session_id, slot_id = make_session(coordinator, min_group_size=3, decision_at=decided)
    book_people(coordinator, slot_id, 2)

    details = coordinator.get(f"/api/scheduling/sessions/{session_id}").get_json()
    assert details["directions"] == DIRECTIONS
    time = details["slots"][0]
    assert time["min_group_size"] == 3 and time["below_minimum"] is True
    assert time["confirmed_to_run_at"] is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"min_group_size": 6}, "slots.0.min_group_size"),
        ({"min_group_size": 2, "decision_at": START + timedelta(minutes=5)}, "slots.0.decision_at"),
    ],
)
def test_the_api_refuses_a_minimum_that_makes_no_sense(
    coordinator: FlaskClient, fields: dict[str, Any], field: str
) -> None:
    refused = new_session(coordinator, time_at(START, 5, **fields))
    assert refused.status_code == 422
    assert field in refused.get_json()["errors"]["json"]
    listed = coordinator.get("/book/manage").get_data(as_text=True)
    assert listed.replace("/book/manage/sessions/new", "").count("/book/manage/s") == 0


def test_a_time_below_its_minimum_is_flagged_and_can_run_anyway(
    app: Flask, coordinator: FlaskClient, clock: Clock
) -> None:
    session_id, slot_id = make_session(coordinator, min_group_size=3)
    book_people(coordinator, slot_id, 2)
    at(clock, START - timedelta(days=3))
    assert "Below the minimum group size" not in page(coordinator, session_id)  # too early

    at(clock, START - timedelta(days=1))
    flagged = page(coordinator, session_id)
    assert "Below the minimum group size" in flagged
    assert "Only 2 booked, and this time needs at least 3." in flagged
    listed = coordinator.get("/book/manage").get_data(as_text=True)
    assert "Needs a decision" in listed

    run = coordinator.post(f"/book/manage/sessions/{session_id}/times/{slot_id}/run")
    assert run.status_code == 302
    assert run.headers["Location"].endswith(f"/book/manage/sessions/{session_id}?done=run")
    assert confirmed_to_run(app, slot_id) == START - timedelta(days=1)
    after = coordinator.get(run.headers["Location"]).get_data(as_text=True)
    assert "Below the minimum group size" not in after
    assert "this time will run with the people booked" in after
    assert "Confirmed to run on" in after

    other = str(uuid.uuid4())
    assert (
        coordinator.post(f"/book/manage/sessions/{session_id}/times/{other}/run").status_code == 404
    )


def test_running_anyway_after_the_start_is_refused_and_changes_nothing(
    app: Flask, coordinator: FlaskClient, clock: Clock
) -> None:
    session_id, slot_id = make_session(coordinator, min_group_size=3)
    at(clock, START + timedelta(minutes=5))
    refused = coordinator.post(f"/book/manage/sessions/{session_id}/times/{slot_id}/run")
    assert refused.status_code == 409
    text = refused.get_data(as_text=True)
    assert "There is a problem" in text and f'href="#run-{slot_id}"' in text
    assert confirmed_to_run(app, slot_id) is None

    at(clock, None)  # the session is made now, as the first was
    no_minimum, plain_slot = make_session(coordinator)
    at(clock, START - timedelta(days=1))
    refused = coordinator.post(f"/book/manage/sessions/{no_minimum}/times/{plain_slot}/run")
    assert refused.status_code == 422
    assert "This time has no minimum group size." in refused.get_data(as_text=True)
    assert confirmed_to_run(app, plain_slot) is None


def test_cancelling_the_session_asks_first_then_tells_everyone(
    app: Flask, coordinator: FlaskClient
) -> None:
    session_id, slot_id = make_session(coordinator)
    book_people(coordinator, slot_id, 2)
    assert "Cancel this session" in page(coordinator, session_id)

    asked = coordinator.get(f"/book/manage/sessions/{session_id}/cancel")
    assert asked.status_code == 200
    assert "Are you sure you want to cancel this session?" in asked.get_data(as_text=True)
    assert cancelled_at(app, session_id) is None  # asking changes nothing

    done = coordinator.post(f"/book/manage/sessions/{session_id}/cancel")
    assert done.status_code == 302
    assert cancelled_at(app, session_id) is not None
    assert outbox_types(app).count("BookingCancelled") == 2
    assert "SessionCancelled" in outbox_types(app)
    after = coordinator.get(done.headers["Location"]).get_data(as_text=True)
    assert "The session is cancelled." in after and "This session was cancelled on" in after
    assert 'href="/book/manage/sessions/' + session_id + '/cancel"' not in after
    assert coordinator.get(f"/book/manage/sessions/{uuid.uuid4()}/cancel").status_code == 404


def test_a_session_that_has_taken_place_cannot_be_cancelled(
    app: Flask, coordinator: FlaskClient, clock: Clock
) -> None:
    session_id, slot_id = make_session(coordinator)
    book_people(coordinator, slot_id, 1)
    at(clock, START + timedelta(hours=2))
    refused = coordinator.post(f"/book/manage/sessions/{session_id}/cancel")
    assert refused.status_code == 409
    text = refused.get_data(as_text=True)
    assert "There is a problem" in text and "This session has already taken place." in text
    assert cancelled_at(app, session_id) is None
    assert "BookingCancelled" not in outbox_types(app)


def test_every_form_needs_its_csrf_token(app: Flask, coordinator: FlaskClient) -> None:
    session_id, _ = make_session(coordinator)
    app.config["WTF_CSRF_ENABLED"] = True
    assert coordinator.post(f"/book/manage/sessions/{session_id}/cancel").status_code == 400
    assert cancelled_at(app, session_id) is None

    asked = coordinator.get(f"/book/manage/sessions/{session_id}/cancel").get_data(as_text=True)
    token = asked.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    done = coordinator.post(
        f"/book/manage/sessions/{session_id}/cancel", data={"csrf_token": token}
    )
    assert done.status_code == 302
    assert cancelled_at(app, session_id) is not None


def test_participants_see_the_directions(app: Flask, coordinator: FlaskClient) -> None:
    created = new_session(coordinator, slot(START), directions=DIRECTIONS).get_json()
    details = coordinator.get(f"/api/scheduling/sessions/{created['session_id']}").get_json()
    person = as_participant(app)
    with person.session_transaction() as cookie:
        participant_id = cookie["participant"]["id"]
    invite(app, participant_id, details["activity_id"])

    choosing = person.get(f"/book/sessions/{created['session_id']}").get_data(as_text=True)
    assert "Directions" in choosing and DIRECTIONS in choosing
    booked = person.post(
        f"/book/sessions/{created['session_id']}", data={"slot_id": created["slot_ids"][0]}
    )
    assert DIRECTIONS in person.get(booked.headers["Location"]).get_data(as_text=True)


def test_the_pages_are_in_welsh_too(coordinator: FlaskClient, clock: Clock) -> None:
    session_id, slot_id = make_session(coordinator, min_group_size=3)
    ((booking_id, _),) = book_people(coordinator, slot_id, 1)
    at(clock, START - timedelta(days=1))
    assert "Sesiynau" in coordinator.get("/book/manage?lang=cy").get_data(as_text=True)
    flagged = coordinator.get(f"/book/manage/sessions/{session_id}?lang=cy").get_data(as_text=True)
    assert "Islaw maint lleiaf y grŵp" in flagged and "Cyfarwyddiadau" in flagged
    asked = coordinator.get(f"/book/manage/sessions/{session_id}/cancel?lang=cy")
    assert "canslo" in asked.get_data(as_text=True)

    at(clock, START + timedelta(minutes=70))
    refused = coordinator.post(
        f"/book/manage/sessions/{session_id}/times/{slot_id}/register?lang=cy",
        data={f"outcome-{booking_id}": "partly_attended"},
    )
    assert refused.status_code == 422
    assert "Rhowch y munudau y cymeron nhw ran, o 1 i 59." in refused.get_data(as_text=True)
