"""Staff of one organisation, given ids that belong to another, get exactly what an unknown id
gets (404, never 403, which would confirm the id exists) and change nothing, on every staff
route of scheduling that takes an id: sessions, times, bookings, holds and polls. The routes
come from the app's own URL map, so a new route is covered the day it is added."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select

from services.scheduling.adapters.tables.arrangements import arrangement_tasks, venues
from services.scheduling.adapters.tables.attendance import attendance
from services.scheduling.adapters.tables.polls import poll_invitations, polls
from services.scheduling.adapters.tables.sessions import bookings, sessions, slots
from services.scheduling.adapters.tables.staff_tasks import staff_tasks
from services.scheduling.adapters.tables.waitlist import waitlist_entries
from services.scheduling.arrangements.commands import ReviewArrangements
from services.scheduling.bootstrap import bootstrap
from services.scheduling.config import load_settings
from services.scheduling.entrypoints.app import create_app
from services.scheduling.people.commands import KeepContact
from services.scheduling.web import bus_of
from shared.bus.tables import outbox
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.organisation_matrix import fill, staff_routes
from tests.scheduling.integration.test_scheduling_api import book, new_session, slot
from tests.support import migrated_engine

ARGUMENTS = {"session_id", "slot_id", "booking_id", "hold_id", "poll_id", "number", "decision"}
ARGUMENTS |= {"task_id", "venue_id"}  # arrangements and venues
THEIRS = str(uuid.uuid4())
SOON = datetime.now(UTC).replace(microsecond=0) + timedelta(days=5)
WHO = str(uuid.uuid4())
# Bodies that pass each API's schema, so the answer comes from looking the id up.
BODIES: dict[str, dict[str, Any]] = {
    "/bookings": {"participant_id": WHO},
    "/waitlist": {"participant_id": WHO},
    "/attendance": {"outcome": "attended", "minutes": 60},
    "/invitations": {"participant_ids": [WHO]},
    "/sessions": {"options": [1], "capacity": 5},
}


def staff_at(app: Flask, organisation_id: str) -> FlaskClient:
    client = app.test_client()
    with client.session_transaction() as session:
        session["staff"] = {
            "id": str(uuid.uuid4()),
            "name": "Cora",
            "roles": ["admin", "coordinator"],
            "organisation_id": organisation_id,
            "issued_at": datetime.now(UTC).isoformat(),
        }
    return client


@pytest.fixture
def world(tmp_path: Path) -> tuple[Flask, Engine, dict[str, str]]:
    engine = migrated_engine("scheduling", tmp_path)
    app = create_app(bootstrap(settings=load_settings(), engine=engine))
    app.config["WTF_CSRF_ENABLED"] = False  # the checks under test come after CSRF's
    them = staff_at(app, THEIRS)
    made = new_session(them, slot(SOON, capacity=1), slot(SOON + timedelta(days=1)))
    assert made.status_code == 201, made.get_json()
    session_id, (full, other) = made.get_json()["session_id"], made.get_json()["slot_ids"]
    first = book(them, full, str(uuid.uuid4())).get_json()["booking_id"]
    needing = str(uuid.uuid4())
    bus = bus_of(app)
    with bus.uow_factory() as uow:  # as recruitment.contact tells the consumer
        bus.handle(KeepContact(needing, "Ann", ("bsl",)), uow)
        uow.commit()
    booking_id = book(them, other, needing).get_json()["booking_id"]
    bus.handle(ReviewArrangements(session_id))
    with bus.uow_factory() as uow:
        [task] = uow.arrangements.of_session(session_id)
    venue = {"name": "Old Chapel", "address": "1 Hill Street, Leeds"}
    assert them.post("/book/manage/venues/new", data=venue).status_code == 302
    waiting = them.post(f"/api/scheduling/slots/{full}/waitlist", json={"participant_id": WHO})
    assert waiting.status_code in (200, 201), waiting.get_json()
    them.post(f"/api/scheduling/bookings/{first}/cancel")  # the place is held for WHO
    queue = them.get(f"/api/scheduling/slots/{full}/waitlist").get_json()
    hold_id = queue["entries"][0]["entry_id"]
    poll = {
        "activity_id": str(uuid.uuid4()),
        "title": "When suits you?",
        "format": "online",
        "joining_url": "https://meet.example/x",
        "options": [
            {"starts_at": SOON.isoformat(), "ends_at": (SOON + timedelta(hours=1)).isoformat()}
        ],
        "closes_at": (SOON - timedelta(days=1)).isoformat(),
    }
    poll_made = them.post("/api/scheduling/polls", json=poll)
    assert poll_made.status_code == 201, poll_made.get_json()
    ids = {
        "session_id": session_id,
        "slot_id": other,
        "booking_id": booking_id,
        "hold_id": hold_id,
        "poll_id": poll_made.get_json()["poll_id"],
        "number": "1",
        "decision": "approve",
        "task_id": task.task_id,
        "venue_id": _venue_of(engine),
    }
    return app, engine, ids


def _venue_of(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(conn.execute(select(venues.c.venue_id)).scalar_one())


def body(rule: str) -> dict[str, Any]:
    if not rule.startswith("/api/"):
        return {"data": {}}
    return {"json": next((b for end, b in BODIES.items() if rule.endswith(end)), {})}


def snapshot(engine: Engine) -> tuple[object, ...]:
    with engine.connect() as conn:
        return (
            conn.execute(select(sessions.c.id, sessions.c.cancelled_at)).all(),
            conn.execute(select(slots.c.id, slots.c.confirmed_to_run_at)).all(),
            conn.execute(select(bookings.c.id, bookings.c.status).order_by(bookings.c.id)).all(),
            conn.execute(select(waitlist_entries.c.id, waitlist_entries.c.status)).all(),
            conn.execute(select(polls.c.id, polls.c.status)).all(),
            conn.execute(select(arrangement_tasks.c.task_id, arrangement_tasks.c.state)).all(),
            conn.execute(select(venues.c.venue_id, venues.c.name)).all(),
            conn.execute(select(sessions.c.id, sessions.c.venue_id)).all(),
            *(
                conn.execute(select(func.count()).select_from(table)).scalar_one()
                for table in (attendance, poll_invitations, staff_tasks, outbox)
            ),
        )


def test_the_matrix_covers_the_staff_routes_that_take_ids(world) -> None:  # type: ignore[no-untyped-def]
    app, _, _ = world
    rules = {rule for _, rule in staff_routes(app, ARGUMENTS)}
    assert "/api/scheduling/sessions/<session_id>" in rules
    assert "/api/scheduling/holds/<hold_id>/accept" in rules
    assert "/book/manage/sessions/<session_id>/times/<slot_id>/register" in rules
    assert "/book/manage/polls/<poll_id>/times/<int:number>/session" in rules
    assert "/book/manage/sessions/<session_id>/arrangements/<task_id>" in rules
    assert "/book/manage/venues/<venue_id>" in rules
    assert len(rules) >= 25


def test_another_organisations_ids_are_not_found_and_nothing_changes(world) -> None:  # type: ignore[no-untyped-def]
    app, engine, ids = world
    me = staff_at(app, FIRST_ORGANISATION_ID)
    unknown = {name: str(uuid.uuid4()) for name in ("session_id", "slot_id", "booking_id")}
    unknown |= {"hold_id": str(uuid.uuid4()), "poll_id": str(uuid.uuid4())}
    before = snapshot(engine)
    answered = {}
    for method, rule in staff_routes(app, ARGUMENTS):
        theirs = me.open(fill(rule, ids), method=method, **body(rule)).status_code
        nobody = me.open(fill(rule, {**ids, **unknown}), method=method, **body(rule))
        answered[(method, rule)] = (theirs, nobody.status_code)
    leaked = {route: codes for route, codes in answered.items() if codes[0] != codes[1]}
    assert not leaked, f"another organisation's ids answered unlike unknown ones: {leaked}"
    not_404 = {route: codes for route, codes in answered.items() if codes[0] != 404}
    assert not not_404, f"another organisation's ids were not a 404: {not_404}"
    assert snapshot(engine) == before


def test_their_own_staff_still_see_them(world) -> None:  # type: ignore[no-untyped-def]
    app, _, ids = world
    them = staff_at(app, THEIRS)
    assert them.get(f"/api/scheduling/sessions/{ids['session_id']}").status_code == 200
    assert them.get(f"/book/manage/sessions/{ids['session_id']}").status_code == 200
    assert them.get(f"/api/scheduling/polls/{ids['poll_id']}").status_code == 200
    assert them.get(f"/book/manage/polls/{ids['poll_id']}").status_code == 200


def test_another_organisations_people_named_in_a_body_are_not_found_and_nothing_changes(
    world,  # type: ignore[no-untyped-def]
) -> None:
    """Ids inside a body: inviting someone only another organisation knows to one of my polls
    answers as an unknown id does (404 with the same words) on the API and the page, and asks
    nobody; their own staff may still ask them."""
    app, engine, ids = world
    them, me = staff_at(app, THEIRS), staff_at(app, FIRST_ORGANISATION_ID)
    their_activity = them.get(f"/api/scheduling/polls/{ids['poll_id']}").get_json()["activity_id"]
    mine, known, nobody = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    with bus_of(app).uow_factory() as uow:  # as ParticipantInvited tells scheduling
        uow.activities.save(their_activity, THEIRS)
        uow.dialogue.invited(WHO, their_activity, datetime.now(UTC))
        uow.dialogue.invited(known, mine, datetime.now(UTC))
        uow.commit()
    poll = {
        "activity_id": mine,
        "title": "When suits you?",
        "format": "online",
        "joining_url": "https://meet.example/y",
        "options": [
            {"starts_at": SOON.isoformat(), "ends_at": (SOON + timedelta(hours=1)).isoformat()}
        ],
        "closes_at": (SOON - timedelta(days=1)).isoformat(),
    }
    my_poll = me.post("/api/scheduling/polls", json=poll).get_json()["poll_id"]
    before = snapshot(engine)
    api, page = f"/api/scheduling/polls/{my_poll}/invitations", f"/book/manage/polls/{my_poll}"
    theirs = me.post(api, json={"participant_ids": [known, WHO]})
    unknown = me.post(api, json={"participant_ids": [known, nobody]})
    assert theirs.status_code == unknown.status_code == 404
    assert theirs.get_json() == unknown.get_json()
    assert "1 of the 2 people to invite was not found" in theirs.get_json()["message"]
    shown = me.get(page).get_data(as_text=True)
    assert known[:8] in shown and WHO[:8] not in shown  # only my organisation's people to tick
    for who in (WHO, nobody):
        assert me.post(f"{page}/invitations", data={"people": [known, who]}).status_code == 404
    assert snapshot(engine) == before
    assert me.post(api, json={"participant_ids": [known]}).status_code == 200
    their_poll = f"/api/scheduling/polls/{ids['poll_id']}/invitations"
    assert them.post(their_poll, json={"participant_ids": [WHO]}).get_json()["invited"] == [WHO]
