"""Participants' "choose a time" for one activity, its waitlist, held places and their own
data, on SQLite with the Flask test client and a participant session: booking through the
existing handlers, a time that filled while the page was open, joining and leaving a waitlist
with their place in line, taking or turning down a held place, and "this place has gone"."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from services.scheduling.adapters.tables.waitlist import waitlist_entries
from services.scheduling.booking.commands import CancelBooking
from services.scheduling.booking.service_layer import booking as handlers
from services.scheduling.polls import service_layer as polls
from services.scheduling.polls.commands import AnswerPoll, InviteToPoll
from services.scheduling.polls.domain import OptionPlan
from services.scheduling.waitlist.commands import JoinWaitlist
from services.scheduling.waitlist.service_layer import waitlists
from services.scheduling.web import bus_of
from shared.pages.formats import uk_datetime
from tests.scheduling.integration.test_scheduling_booking_pages import (
    SOON,
    add_session,
    app,
    as_participant,
    book_for,
    confirmed,
    invite,
    me,
    outbox_types,
)

__all__ = ["app"]  # the fixture used below


def invited_activity(
    app: Flask, client: FlaskClient, capacities: tuple[int, ...] = (2, 2)
) -> tuple[str, list[str]]:
    activity = str(uuid.uuid4())
    _, slots = add_session(app, activity, capacities=capacities)
    invite(app, me(client), activity)
    return activity, slots


def entries(app: Flask, participant_id: str) -> list[tuple[str, str]]:
    query = select(waitlist_entries.c.id, waitlist_entries.c.status).where(
        waitlist_entries.c.participant_id == participant_id
    )
    with bus_of(app).uow_factory() as uow:
        return [(row.id, row.status) for row in uow.session.execute(query)]


def test_only_an_invited_activity_opens(app: Flask) -> None:
    client = as_participant(app)
    other = str(uuid.uuid4())
    add_session(app, other)
    assert client.get(f"/book/activities/{other}").status_code == 404
    assert client.get(f"/book/activities/{uuid.uuid4()}").status_code == 404
    anonymous = app.test_client().get(f"/book/activities/{other}")
    assert anonymous.status_code == 302  # to sign in, then back here
    assert anonymous.location == f"/join/link?next=%2Fbook%2Factivities%2F{other}"


def test_choosing_a_time_for_an_activity_books_it(app: Flask) -> None:
    client = as_participant(app)
    activity, slots = invited_activity(app, client, (3, 1))
    page = client.get(f"/book/activities/{activity}").text
    assert "Choose a time" in page and "Making GP appointments easier" in page
    assert "3 places left" in page and "1 place left" in page
    assert "Step-free access" in page and "In person at Central Library" in page
    assert "Dewiswch amser" in client.get(f"/book/activities/{activity}?lang=cy").text
    client.get("/book?lang=en")  # the language sticks in a cookie: back to English

    nothing = client.post(f"/book/activities/{activity}", data={})
    assert nothing.status_code == 400 and "Choose a time" in nothing.text
    elsewhere = client.post(f"/book/activities/{activity}", data={"slot_id": str(uuid.uuid4())})
    assert elsewhere.status_code == 422 and "Choose one of the times shown" in elsewhere.text

    booked = client.post(f"/book/activities/{activity}", data={"slot_id": slots[0]})
    assert booked.status_code == 302 and booked.location.startswith("/book/bookings/")
    assert [slot for _, slot in confirmed(app, me(client))] == [slots[0]]
    assert "BookingConfirmed" in outbox_types(app)

    shown = client.get(f"/book/activities/{activity}").text
    assert "You are booked" in shown and "Change the time" in shown
    assert "Cancel this booking" in shown and 'name="slot_id"' not in shown


def test_a_time_that_filled_while_the_page_was_open_shows_the_times_now(app: Flask) -> None:
    client = as_participant(app)
    activity, slots = invited_activity(app, client, (1, 2))
    assert "1 place left" in client.get(f"/book/activities/{activity}").text
    book_for(app, slots[0], str(uuid.uuid4()))  # someone else, meanwhile

    late = client.post(f"/book/activities/{activity}", data={"slot_id": slots[0]})
    assert late.status_code == 409
    assert "Sorry, this time is now full. Choose another time." in late.text
    assert "Full" in late.text and "2 places left" in late.text  # the times as they are now
    assert confirmed(app, me(client)) == []


def test_when_every_time_is_full_they_join_the_waitlist_and_see_their_place(app: Flask) -> None:
    client = as_participant(app)
    activity, slots = invited_activity(app, client, (1,))
    book_for(app, slots[0], str(uuid.uuid4()))
    waitlists.join_waitlist(JoinWaitlist(slots[0], str(uuid.uuid4())), bus_of(app).uow_factory())

    page = client.get(f"/book/activities/{activity}").text
    assert "Every time is full" in page and "Join the waitlist" in page
    url = f"/book/activities/{activity}/waitlist"
    assert client.post(url, data={}).status_code == 400
    wrong = client.post(url, data={"waitlist_slot_id": str(uuid.uuid4())})
    assert wrong.status_code == 422

    joined = client.post(url, data={"waitlist_slot_id": slots[0]})
    assert joined.status_code == 302 and joined.location.endswith("done=waiting")
    shown = client.get(joined.location).text
    assert "You are on the waitlist" in shown and "You are number 2 in line." in shown
    assert "WaitlistJoined" in outbox_types(app)
    listed = client.get("/book").text
    assert "You are on the waitlist for" in listed and f"/book/activities/{activity}" in listed

    ((entry_id, _),) = entries(app, me(client))
    someone_else = as_participant(app).post(f"/book/waitlist/{entry_id}/leave")
    assert someone_else.status_code == 404
    left = client.post(f"/book/waitlist/{entry_id}/leave")
    assert left.status_code == 302 and left.location.endswith("done=left")
    assert entries(app, me(client)) == [(entry_id, "left")]
    assert "You have left the waitlist." in client.get(left.location).text


def test_a_held_place_is_taken_on_its_page(app: Flask) -> None:
    client = as_participant(app)
    _, slots = invited_activity(app, client, (1,))
    booking = book_for(app, slots[0], str(uuid.uuid4()))
    uow = bus_of(app).uow_factory
    waitlists.join_waitlist(JoinWaitlist(slots[0], me(client)), uow())
    handlers.cancel_booking(CancelBooking(booking), uow())  # a place comes free: held for them
    ((hold_id, state),) = entries(app, me(client))
    assert state == "offered"

    assert f"/book/holds/{hold_id}" in client.get("/book").text
    page = client.get(f"/book/holds/{hold_id}")
    assert page.status_code == 200 and "A place is held for you" in page.text
    assert uk_datetime(SOON) in page.text and "Take this place" in page.text
    assert as_participant(app).get(f"/book/holds/{hold_id}").status_code == 404  # not theirs
    assert client.post(f"/book/holds/{hold_id}", data={}).status_code == 400

    taken = client.post(f"/book/holds/{hold_id}", data={"answer": "take"})
    assert taken.status_code == 302 and taken.location.startswith("/book/bookings/")
    assert [slot for _, slot in confirmed(app, me(client))] == [slots[0]]
    again = client.post(f"/book/holds/{hold_id}", data={"answer": "take"})
    assert again.status_code == 409 and "This place has gone" in again.text
    assert len(confirmed(app, me(client))) == 1


def test_a_held_place_turned_down_goes_to_the_next_person(app: Flask) -> None:
    client = as_participant(app)
    _, slots = invited_activity(app, client, (1,))
    booking = book_for(app, slots[0], str(uuid.uuid4()))
    uow = bus_of(app).uow_factory
    waitlists.join_waitlist(JoinWaitlist(slots[0], me(client)), uow())
    next_person = str(uuid.uuid4())
    waitlists.join_waitlist(JoinWaitlist(slots[0], next_person), uow())
    handlers.cancel_booking(CancelBooking(booking), uow())
    ((hold_id, _),) = entries(app, me(client))

    declined = client.post(f"/book/holds/{hold_id}", data={"answer": "turn_down"})
    assert declined.status_code == 302 and declined.location == "/book?done=turned_down"
    assert "You turned the place down." in client.get(declined.location).text
    assert entries(app, next_person)[0][1] == "offered"
    assert outbox_types(app).count("PlaceOffered") == 2


def test_an_expired_hold_says_this_place_has_gone_with_the_times_now(app: Flask) -> None:
    client = as_participant(app)
    activity, slots = invited_activity(app, client, (1, 3))
    booking = book_for(app, slots[0], str(uuid.uuid4()))
    uow = bus_of(app).uow_factory
    waitlists.join_waitlist(JoinWaitlist(slots[0], me(client)), uow())
    handlers.cancel_booking(CancelBooking(booking), uow())
    ((hold_id, _),) = entries(app, me(client))
    waitlists.expire_holds(uow, datetime.now(UTC) + timedelta(hours=3))  # unanswered

    page = client.get(f"/book/holds/{hold_id}")
    assert page.status_code == 200 and "This place has gone" in page.text
    assert "Mae'r lle hwn wedi mynd" in client.get(f"/book/holds/{hold_id}?lang=cy").text
    client.get("/book?lang=en")
    assert "3 places left" in page.text and f"/book/activities/{activity}" in page.text
    late = client.post(f"/book/holds/{hold_id}", data={"answer": "take"})
    assert late.status_code == 409 and "This place has gone" in late.text
    assert confirmed(app, me(client)) == []


def test_their_data_holds_bookings_attendance_waitlists_and_poll_answers(app: Flask) -> None:
    client = as_participant(app)
    activity, slots = invited_activity(app, client, (1, 2))
    client.post(f"/book/activities/{activity}", data={"slot_id": slots[1]})
    book_for(app, slots[0], str(uuid.uuid4()))
    other_activity, other_slots = invited_activity(app, client, (1,))
    book_for(app, other_slots[0], str(uuid.uuid4()))
    client.post(
        f"/book/activities/{other_activity}/waitlist", data={"waitlist_slot_id": other_slots[0]}
    )
    uow, now = bus_of(app).uow_factory, datetime.now(UTC)
    poll = polls.create_poll(
        polls.CreatePoll(
            activity,
            "Which evening suits?",
            "online",
            None,
            "https://meet.example.org/x",
            (OptionPlan(SOON, SOON + timedelta(hours=1)),),
            SOON - timedelta(days=1),
        ),
        uow(),
        lambda: now,
    )
    polls.invite(InviteToPoll(poll.id, [me(client)]), uow(), lambda: now)
    polls.answer(AnswerPoll(poll.id, me(client), frozenset({1}), "web"), uow(), lambda: now)

    download = client.get("/book/me/data.json")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    data = json.loads(download.data)
    assert data["participant_id"] == me(client)
    (booking,) = data["bookings"]
    assert booking["status"] == "confirmed" and booking["booked_via"] == "web"
    assert booking["starts_at"] == (SOON + timedelta(days=1)).isoformat()
    assert [w["state"] for w in data["waitlist_places"]] == ["waiting"]
    assert data["poll_answers"][0]["title"] == "Which evening suits?"
    assert data["poll_answers"][0]["times_that_suit"] == [SOON.isoformat()]

    readable = client.get("/book/me/data").text
    assert "Your booking information" in readable and "On the website" in readable
    assert "Which evening suits?" in readable and "Waiting" in readable
    assert as_participant(app).get("/book/me/data.json").get_json()["bookings"] == []
