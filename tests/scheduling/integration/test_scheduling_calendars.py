"""Calendars on SQLite with the Flask test client: the booked page's "Add to your calendar"
(the person's own booking only, the email's entry) and a coordinator's private feed of their
organisation's sessions (its secret made and reset on a staff page, shown once and kept only
as a hash; a wrong or reset secret is 404; one feed in each organisation they organise in),
both parsed with icalendar and right across the October clock change. The migration that
hashes the secrets already kept runs on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy import select, text

from services.scheduling.adapters.tables.calendar_feeds import calendar_feeds
from services.scheduling.bootstrap import bootstrap
from services.scheduling.config import load_settings
from services.scheduling.entrypoints.app import create_app
from services.scheduling.sessions.commands import CreateSession
from services.scheduling.sessions.domain.planning import SlotPlan
from services.scheduling.sessions.service_layer import session_admin
from services.scheduling.web import bus_of
from shared.db import make_engine
from shared.migrations import upgrade
from tests.scheduling.integration.test_scheduling_booking_pages import (
    as_participant,
    book_for,
    invite,
    me,
)
from tests.scheduling.integration.test_scheduling_organisation_scoping import published
from tests.support import migrated_engine, postgres_schema

LONDON = ZoneInfo("Europe/London")
OURS, THEIRS = str(uuid.uuid4()), str(uuid.uuid4())
# 10am in Leeds either side of the clock change on Sunday 31 October 2027.
BEFORE = datetime(2027, 10, 30, 10, 0, tzinfo=LONDON)
AFTER = datetime(2027, 11, 1, 10, 0, tzinfo=LONDON)
NOW = datetime.now(UTC)
PLACE = "Central Library, Calverley Street, Leeds LS1 3AB"


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    engine = migrated_engine("scheduling", tmp_path)
    app = create_app(bootstrap(settings=load_settings(), engine=engine))
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def session_of(app: Flask, organisation_id: str, title: str) -> tuple[str, str, list[str]]:
    """A session of an activity of this organisation at 10am on both days, 4 places each."""
    activity_id = str(uuid.uuid4())
    published(app, activity_id, organisation_id)
    plans = tuple(
        SlotPlan(day.astimezone(UTC), (day + timedelta(hours=2)).astimezone(UTC), 4)
        for day in (BEFORE, AFTER)
    )
    command = CreateSession(activity_id, title, "in_person", PLACE, ("step_free",), None, plans)
    session = session_admin.create_session(command, bus_of(app).uow_factory())
    return activity_id, session.id, [slot.id for slot in session.slots]


def coordinator(app: Flask, organisation_id: str, staff_id: str | None = None) -> FlaskClient:
    client = app.test_client()
    with client.session_transaction() as session:
        session["staff"] = {
            "id": staff_id or str(uuid.uuid4()),
            "name": "Cora",
            "roles": ["coordinator"],
            "organisation_id": organisation_id,
            "issued_at": datetime.now(UTC).isoformat(),
        }
    return client


def events(text: str) -> list[dict[str, object]]:
    calendar = Calendar.from_ical(text)
    return [
        {
            "uid": str(e["uid"]),
            "summary": str(e["summary"]),
            "location": str(e["location"]),
            "description": str(e.get("description", "")),
            "starts": e.decoded("dtstart").astimezone(LONDON),
            "ends": e.decoded("dtend").astimezone(LONDON),
        }
        for e in calendar.walk("VEVENT")
    ]


def feed_url(client: FlaskClient) -> str:
    """Make (or reset) the feed: its address is in that answer, and only there."""
    page = client.post("/book/manage/calendar")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    start = page.text.index('value="', page.text.index('id="feed-url"')) + len('value="')
    url = page.text[start : page.text.index('"', start)]
    return url[url.index("/book/calendar/") :]


def secret_of(path: str) -> str:
    return path.removeprefix("/book/calendar/").removesuffix(".ics")


def test_the_booked_page_offers_its_own_calendar_file(app: Flask) -> None:
    activity_id, session_id, slots = session_of(app, OURS, "Making GP appointments easier")
    client = as_participant(app)
    invite(app, me(client), activity_id)
    booking_id = book_for(app, slots[1], me(client))

    page = client.get(f"/book/bookings/{booking_id}")
    assert f'href="/book/bookings/{booking_id}/calendar.ics"' in page.text
    assert "Add to your calendar" in page.text

    answer = client.get(f"/book/bookings/{booking_id}/calendar.ics")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/calendar")
    assert "attachment" in answer.headers["Content-Disposition"]
    [entry] = events(answer.text)
    # The email's entry (same UID), so adding both leaves one; 10am in Leeds after the change.
    assert entry["uid"] == f"{session_id}.{me(client)}@chorus"
    assert entry["summary"] == "Making GP appointments easier"
    assert entry["location"] == PLACE
    assert entry["starts"] == AFTER and entry["starts"].hour == 10  # type: ignore[attr-defined]
    assert Calendar.from_ical(answer.text)["method"] == "PUBLISH"

    # Only the person's own: someone else's session finds nothing, as an unknown id does.
    assert as_participant(app).get(f"/book/bookings/{booking_id}/calendar.ics").status_code == 404
    unknown = f"/book/bookings/{uuid.uuid4()}/calendar.ics"
    assert client.get(unknown).status_code == 404
    anonymous = app.test_client().get(f"/book/bookings/{booking_id}/calendar.ics")
    assert anonymous.status_code == 302 and anonymous.location.startswith("/join/link?")


def test_the_booked_page_in_welsh_says_add_to_your_calendar(app: Flask) -> None:
    activity_id, _, slots = session_of(app, OURS, "Gwneud apwyntiadau")
    client = as_participant(app)
    invite(app, me(client), activity_id)
    booking_id = book_for(app, slots[0], me(client))
    page = client.get(f"/book/bookings/{booking_id}?lang=cy")
    assert "Ychwanegu at eich calendr" in page.text


def test_a_coordinator_subscribes_to_their_organisations_sessions(app: Flask) -> None:
    _, _, slots = session_of(app, OURS, "Making GP appointments easier")
    session_of(app, THEIRS, "Another organisation's workshop")
    someone = str(uuid.uuid4())
    book_for(app, slots[0], someone)
    client = coordinator(app, OURS)

    first = client.get("/book/manage/calendar")
    assert "Make my calendar address" in first.text and "/book/calendar/" not in first.text
    path = feed_url(client)
    assert len(secret_of(path)) >= 40

    answer = app.test_client().get(path)  # a calendar app: no session at all
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/calendar")
    found = events(answer.text)
    assert [e["summary"] for e in found] == ["Making GP appointments easier"] * 2
    # One entry per time, 10am in Leeds on both sides of the clock change.
    assert [e["starts"] for e in found] == [BEFORE, AFTER]
    assert all(e["starts"].hour == 10 for e in found)  # type: ignore[attr-defined]
    assert [e["uid"] for e in found] == [f"slot-{slot}@chorus" for slot in slots]
    assert [e["description"] for e in found] == [
        "1 of 4 places taken",
        "0 of 4 places taken",
    ]
    assert {e["location"] for e in found} == {PLACE}
    assert someone not in answer.text  # counts, never who


def test_a_reset_or_wrong_secret_finds_nothing(app: Flask) -> None:
    session_of(app, OURS, "Making GP appointments easier")
    client = coordinator(app, OURS)
    old = feed_url(client)
    assert app.test_client().get(old).status_code == 200
    # Shown once: the page afterwards says when it was made, never the address.
    later = client.get("/book/manage/calendar")
    assert secret_of(old) not in later.text and "/book/calendar/" not in later.text
    assert "We show it only once" in later.text and "Reset the link" in later.text

    reset = client.post("/book/manage/calendar")
    assert "The old one has stopped working." in reset.text
    new = feed_url(client)
    assert new != old
    assert app.test_client().get(old).status_code == 404
    assert app.test_client().get(new).status_code == 200
    assert app.test_client().get("/book/calendar/not-a-real-secret.ics").status_code == 404


def test_the_database_holds_only_a_hash_of_the_secret(app: Flask) -> None:
    session_of(app, OURS, "Making GP appointments easier")
    path = feed_url(coordinator(app, OURS))
    secret = secret_of(path)
    with bus_of(app).uow_factory() as uow:
        [row] = uow.session.execute(select(calendar_feeds)).mappings().all()
    assert secret not in {str(value) for value in row.values()}
    assert row["token_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    # What is kept does not open the feed.
    assert app.test_client().get(f"/book/calendar/{row['token_hash']}.ics").status_code == 404
    assert app.test_client().get(path).status_code == 200


def test_each_organisation_has_its_own_feed_of_only_its_sessions(app: Flask) -> None:
    """Cora coordinates in two organisations: a feed made in one holds its sessions only, and
    making (or resetting) the other's leaves it working."""
    session_of(app, OURS, "Making GP appointments easier")
    session_of(app, THEIRS, "The hospice garden")
    cora = str(uuid.uuid4())
    with bus_of(app).uow_factory() as uow:
        both = {OURS: ["coordinator"], THEIRS: ["coordinator"]}
        uow.names.save_staff(cora, "Cora", NOW, ["coordinator"], True, both)
        uow.commit()
    ours = feed_url(coordinator(app, OURS, cora))
    theirs = feed_url(coordinator(app, THEIRS, cora))

    in_ours = events(app.test_client().get(ours).text)
    in_theirs = events(app.test_client().get(theirs).text)
    assert {e["summary"] for e in in_ours} == {"Making GP appointments easier"}
    assert {e["summary"] for e in in_theirs} == {"The hospice garden"}

    again = feed_url(coordinator(app, THEIRS, cora))  # a reset in one organisation
    assert app.test_client().get(theirs).status_code == 404
    assert app.test_client().get(again).status_code == 200
    assert app.test_client().get(ours).status_code == 200
    page = coordinator(app, OURS, cora).get("/book/manage/calendar")
    assert "We show it only once" in page.text  # still has its own

    # Someone who is only a coordinator in ours cannot see theirs through a feed of ours.
    solo = feed_url(coordinator(app, OURS))
    assert "The hospice garden" not in app.test_client().get(solo).text


def _hashes_the_secrets_already_kept(url: str) -> None:
    upgrade("services.scheduling.adapters:migrations", url, "0023")
    engine = make_engine(url)
    kept = text(
        "INSERT INTO calendar_feeds (staff_id, organisation_id, token, made_at)"
        " VALUES (:staff, :organisation, :token, :now)"
    )
    secret = "an-address-someone-already-has-in-their-calendar-app"
    with engine.begin() as conn:
        conn.execute(kept, {"staff": "cora", "organisation": OURS, "token": secret, "now": NOW})
    upgrade("services.scheduling.adapters:migrations", url)
    with engine.begin() as conn:
        rows = conn.execute(select(calendar_feeds)).mappings().all()
        assert [dict(r) for r in rows] == [
            {
                "staff_id": "cora",
                "organisation_id": OURS,
                "token_hash": hashlib.sha256(secret.encode()).hexdigest(),
                "made_at": NOW,
            }
        ]
        # Keyed by staff member and organisation now: a second organisation's feed fits.
        another = {"staff_id": "cora", "organisation_id": THEIRS, "made_at": NOW}
        conn.execute(calendar_feeds.insert().values(**another, token_hash="x" * 64))
    # The address she had still opens the feed (it is her hash that is kept).
    app = create_app(bootstrap(settings=load_settings(), engine=engine))
    assert app.test_client().get(f"/book/calendar/{secret}.ics").status_code == 200
    engine.dispose()


def test_the_migration_hashes_the_secrets_already_kept(tmp_path: Path) -> None:
    _hashes_the_secrets_already_kept(f"sqlite:///{tmp_path / 's.db'}")


@pytest.mark.postgres
def test_the_migration_hashes_the_secrets_on_postgres_too() -> None:
    with postgres_schema("calendar_feeds") as url:
        _hashes_the_secrets_already_kept(url)


def test_the_feed_stops_when_its_holder_is_no_longer_an_organiser_there(app: Flask) -> None:
    session_of(app, OURS, "Making GP appointments easier")
    staff_id = str(uuid.uuid4())
    client = coordinator(app, OURS, staff_id)
    path = feed_url(client)
    with bus_of(app).uow_factory() as uow:
        uow.names.save_staff(staff_id, "Cora", NOW, ["coordinator"], True, {OURS: ["coordinator"]})
        uow.commit()
    assert app.test_client().get(path).status_code == 200
    with bus_of(app).uow_factory() as uow:  # now finance only there
        later = NOW + timedelta(minutes=1)
        uow.names.save_staff(
            staff_id,
            "Cora",
            later,
            ["coordinator"],
            True,
            {OURS: ["finance_approver"], THEIRS: ["coordinator"]},
        )
        uow.commit()
    assert app.test_client().get(path).status_code == 404


def test_only_organisers_have_the_calendar_page(app: Flask) -> None:
    client = app.test_client()
    with client.session_transaction() as session:
        session["staff"] = {
            "id": str(uuid.uuid4()),
            "name": "Fin",
            "roles": ["finance_approver"],
            "organisation_id": OURS,
            "issued_at": datetime.now(UTC).isoformat(),
        }
    assert client.get("/book/manage/calendar").status_code == 403
    assert client.post("/book/manage/calendar").status_code == 403
