"""Scheduling's participant pages (/book) on SQLite: the list, booking, changing and cancelling,
and every refusal, with the Flask test client and a participant session."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from services.scheduling.adapters.tables.sessions import bookings
from services.scheduling.booking.commands import BookSlot
from services.scheduling.booking.service_layer import booking as handlers
from services.scheduling.bootstrap import bootstrap
from services.scheduling.config import load_settings
from services.scheduling.entrypoints.app import create_app
from services.scheduling.sessions.commands import CreateSession
from services.scheduling.sessions.domain.planning import SlotPlan
from services.scheduling.sessions.service_layer import session_admin
from services.scheduling.web import bus_of
from shared.bus.tables import outbox
from shared.pages.formats import uk_datetime
from tests.support import migrated_engine

NOW = datetime.now(UTC).replace(microsecond=0)
SOON = NOW + timedelta(days=5)


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    app = create_app(
        bootstrap(settings=load_settings(), engine=migrated_engine("scheduling", tmp_path))
    )
    app.config["WTF_CSRF_ENABLED"] = False  # one test below fetches the token instead
    return app


def as_participant(app: Flask, participant_id: str | None = None) -> FlaskClient:
    client = app.test_client()
    with client.session_transaction() as session:
        session["participant"] = {
            "id": participant_id or str(uuid.uuid4()),
            "issued_at": datetime.now(UTC).isoformat(),
        }
    return client


def me(client: FlaskClient) -> str:
    with client.session_transaction() as session:
        return str(session["participant"]["id"])


def add_session(
    app: Flask,
    activity_id: str | None = None,
    capacities: tuple[int, ...] = (2, 2),
    cancel_by: datetime | None = None,
    title: str = "Making GP appointments easier",
) -> tuple[str, list[str]]:
    plans = tuple(
        SlotPlan(
            SOON + timedelta(days=n),
            SOON + timedelta(days=n, hours=1),
            capacity,
            cancel_by=cancel_by,
        )
        for n, capacity in enumerate(capacities)
    )
    command = CreateSession(
        activity_id or str(uuid.uuid4()),
        title,
        "in_person",
        "Central Library, Calverley Street, Leeds LS1 3AB",
        ("hearing_loop", "step_free"),
        None,
        plans,
    )
    session = session_admin.create_session(command, bus_of(app).uow_factory())
    return session.id, [slot.id for slot in session.slots]


def invite(app: Flask, participant_id: str, activity_id: str) -> None:
    with bus_of(app).uow_factory() as uow:
        uow.dialogue.invited(participant_id, activity_id, NOW)
        uow.commit()


def invited_session(app: Flask, client: FlaskClient, **kw: object) -> tuple[str, list[str]]:
    activity = str(uuid.uuid4())
    session_id, slots = add_session(app, activity, **kw)  # type: ignore[arg-type]
    invite(app, me(client), activity)
    return session_id, slots


def confirmed(app: Flask, participant_id: str | None = None) -> list[tuple[str, str]]:
    """(booking id, slot id) of every confirmed booking, for one person or everyone."""
    query = select(bookings.c.id, bookings.c.slot_id).where(bookings.c.status == "confirmed")
    if participant_id:
        query = query.where(bookings.c.participant_id == participant_id)
    with bus_of(app).uow_factory() as uow:
        return [(row.id, row.slot_id) for row in uow.session.execute(query)]


def outbox_types(app: Flask) -> list[str]:
    with bus_of(app).uow_factory() as uow:
        query = select(outbox.c.event_type).order_by(outbox.c.id)
        return list(uow.session.execute(query).scalars())


def book_for(app: Flask, slot_id: str, participant_id: str) -> str:
    result = handlers.book_slot(BookSlot(slot_id, participant_id), bus_of(app).uow_factory())
    return result.booking.id


def test_anonymous_people_are_asked_for_a_link(app: Flask) -> None:
    client = app.test_client()
    for path in ("/book", f"/book/sessions/{uuid.uuid4()}", f"/book/bookings/{uuid.uuid4()}"):
        answer = client.get(path)
        # Signing in comes back to the page asked for.
        assert answer.status_code == 302, path
        assert answer.location == f"/join/link?{urlencode({'next': path})}", path
    path = f"/book/sessions/{uuid.uuid4()}"
    answer = client.post(path, data={"slot_id": "x"})
    assert answer.status_code == 302
    assert answer.location == f"/join/link?{urlencode({'next': path})}"


def test_nothing_to_book_says_so(app: Flask) -> None:
    page = as_participant(app).get("/book")
    assert page.status_code == 200
    assert "There is nothing to book yet. We will send you a message when there is." in page.text


def test_the_list_shows_invited_sessions_with_times_access_and_places(app: Flask) -> None:
    client = as_participant(app)
    session_id, slots = invited_session(app, client, capacities=(3, 1))
    book_for(app, slots[1], str(uuid.uuid4()))  # someone else takes the last place
    add_session(app, title="Not invited")  # another activity: not shown

    page = client.get("/book").text
    assert "Making GP appointments easier" in page
    assert "Not invited" not in page
    assert "In person at Central Library, Calverley Street, Leeds LS1 3AB" in page
    assert "Step-free access" in page and "Hearing loop" in page
    assert "3 places left" in page and "Full" in page
    assert uk_datetime(SOON) in page  # "Wednesday 3 December, 10:30am"
    with bus_of(app).uow_factory() as uow:
        activity_id = uow.sessions.get(session_id).activity_id
    assert f'href="/book/activities/{activity_id}"' in page  # choose a time for the activity


def test_book_a_time_then_see_it_and_the_confirmation(app: Flask) -> None:
    client = as_participant(app)
    session_id, slots = invited_session(app, client)

    form = client.get(f"/book/sessions/{session_id}")
    assert form.status_code == 200 and "Book this time" in form.text
    assert f'value="{slots[0]}"' in form.text and "2 places left" in form.text

    answer = client.post(f"/book/sessions/{session_id}", data={"slot_id": slots[0]})
    assert answer.status_code == 302
    [(booking_id, slot_id)] = confirmed(app, me(client))
    assert slot_id == slots[0] and answer.location == f"/book/bookings/{booking_id}"

    done = client.get(answer.location)
    assert "You are booked" in done.text and "We have sent the details to you" in done.text
    assert outbox_types(app)[-1] == "BookingConfirmed"

    listing = client.get("/book").text
    assert "Times you are booked for" in listing
    assert f"/book/bookings/{booking_id}/cancel" in listing
    assert "There is nothing to book yet" not in listing


def test_a_double_submit_books_once(app: Flask) -> None:
    client = as_participant(app)
    session_id, slots = invited_session(app, client)
    first = client.post(f"/book/sessions/{session_id}", data={"slot_id": slots[0]})
    second = client.post(f"/book/sessions/{session_id}", data={"slot_id": slots[0]})
    assert first.status_code == second.status_code == 302
    assert first.location == second.location
    assert len(confirmed(app, me(client))) == 1
    assert outbox_types(app).count("BookingConfirmed") == 1


def test_nothing_chosen_asks_to_choose_a_time(app: Flask) -> None:
    client = as_participant(app)
    session_id, _slots = invited_session(app, client)
    answer = client.post(f"/book/sessions/{session_id}", data={})
    assert answer.status_code == 400
    assert "There is a problem" in answer.text and "Choose a time" in answer.text
    assert 'href="#slot_id"' in answer.text
    assert confirmed(app) == []


def test_a_time_from_elsewhere_is_refused(app: Flask) -> None:
    client = as_participant(app)
    session_id, _slots = invited_session(app, client)
    _other, elsewhere = add_session(app)
    answer = client.post(f"/book/sessions/{session_id}", data={"slot_id": elsewhere[0]})
    assert answer.status_code == 422
    assert confirmed(app) == []


def test_a_full_time_is_refused_and_nothing_changes(app: Flask) -> None:
    client = as_participant(app)
    session_id, slots = invited_session(app, client, capacities=(1, 1))
    book_for(app, slots[0], str(uuid.uuid4()))
    before = outbox_types(app)
    answer = client.post(f"/book/sessions/{session_id}", data={"slot_id": slots[0]})
    assert answer.status_code == 409
    assert "There is a problem" in answer.text
    assert "Sorry, this time is now full. Choose another time." in answer.text
    assert confirmed(app, me(client)) == []
    assert outbox_types(app) == before


def test_change_moves_the_booking_in_one_go(app: Flask) -> None:
    client = as_participant(app)
    session_id, slots = invited_session(app, client)
    old = book_for(app, slots[0], me(client))

    form = client.get(f"/book/sessions/{session_id}")
    assert "Change the time" in form.text and "Change to this time" in form.text
    assert f'value="{slots[0]}"' not in form.text  # not the time they already have
    answer = client.post(f"/book/sessions/{session_id}", data={"slot_id": slots[1]})
    assert answer.status_code == 302

    [(new, slot_id)] = confirmed(app, me(client))
    assert slot_id == slots[1] and new != old
    assert answer.location == f"/book/bookings/{new}"
    assert outbox_types(app)[-3:] == ["BookingCancelled", "BookingConfirmed", "BookingMoved"]
    again = client.post(f"/book/sessions/{session_id}", data={"slot_id": slots[1]})
    assert again.location == answer.location  # a double submit of the change: still one


def test_change_to_a_full_time_keeps_the_old_booking(app: Flask) -> None:
    client = as_participant(app)
    session_id, slots = invited_session(app, client, capacities=(2, 1))
    old = book_for(app, slots[0], me(client))
    book_for(app, slots[1], str(uuid.uuid4()))
    answer = client.post(f"/book/sessions/{session_id}", data={"slot_id": slots[1]})
    assert answer.status_code == 409 and "now full" in answer.text
    assert confirmed(app, me(client)) == [(old, slots[0])]


def test_change_after_the_cut_off_is_refused(app: Flask) -> None:
    client = as_participant(app)
    session_id, slots = invited_session(app, client, cancel_by=NOW - timedelta(hours=1))
    old = book_for(app, slots[0], me(client))
    answer = client.post(f"/book/sessions/{session_id}", data={"slot_id": slots[1]})
    assert answer.status_code == 409 and "too late" in answer.text
    assert confirmed(app, me(client)) == [(old, slots[0])]


def test_cancel_asks_first_then_cancels(app: Flask) -> None:
    client = as_participant(app)
    _session_id, slots = invited_session(app, client)
    booking = book_for(app, slots[0], me(client))

    sure = client.get(f"/book/bookings/{booking}/cancel")
    assert sure.status_code == 200 and "Are you sure you want to cancel?" in sure.text
    assert "Yes, cancel my booking" in sure.text

    answer = client.post(f"/book/bookings/{booking}/cancel")
    assert answer.status_code == 302 and answer.location == "/book?cancelled=1"
    assert confirmed(app, me(client)) == []
    assert outbox_types(app)[-1] == "BookingCancelled"
    assert "Your booking is cancelled" in client.get(answer.location).text
    # Cancelled: its pages are gone, and a second cancel finds nothing.
    assert client.post(f"/book/bookings/{booking}/cancel").status_code == 404


def test_cancel_after_the_cut_off_is_refused(app: Flask) -> None:
    client = as_participant(app)
    _session_id, slots = invited_session(app, client, cancel_by=NOW - timedelta(hours=1))
    booking = book_for(app, slots[0], me(client))
    listing = client.get("/book").text
    assert "It is too late to change or cancel this booking on the website." in listing
    answer = client.post(f"/book/bookings/{booking}/cancel")
    assert answer.status_code == 409
    assert "There is a problem" in answer.text and "too late" in answer.text
    assert confirmed(app, me(client)) == [(booking, slots[0])]


def test_someone_elses_booking_is_not_found(app: Flask) -> None:
    client = as_participant(app)
    _session_id, slots = invited_session(app, client)
    theirs = book_for(app, slots[0], str(uuid.uuid4()))
    assert client.get(f"/book/bookings/{theirs}").status_code == 404
    assert client.get(f"/book/bookings/{theirs}/cancel").status_code == 404
    assert client.post(f"/book/bookings/{theirs}/cancel").status_code == 404
    assert len(confirmed(app)) == 1


def test_a_session_they_were_not_invited_to_is_not_found(app: Flask) -> None:
    client = as_participant(app)
    session_id, slots = add_session(app)
    assert client.get(f"/book/sessions/{session_id}").status_code == 404
    answer = client.post(f"/book/sessions/{session_id}", data={"slot_id": slots[0]})
    assert answer.status_code == 404
    assert confirmed(app) == []


def test_the_form_needs_its_csrf_token(app: Flask) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    client = as_participant(app)
    session_id, slots = invited_session(app, client)
    assert (
        client.post(f"/book/sessions/{session_id}", data={"slot_id": slots[0]}).status_code == 400
    )
    page = client.get(f"/book/sessions/{session_id}").text
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    answer = client.post(
        f"/book/sessions/{session_id}", data={"slot_id": slots[0], "csrf_token": token}
    )
    assert answer.status_code == 302


def test_the_pages_speak_welsh(app: Flask) -> None:
    client = as_participant(app)
    invited_session(app, client)
    page = client.get("/book?lang=cy")
    assert page.status_code == 200
    assert 'lang="cy"' in page.text
    assert "Your bookings" not in page.text
