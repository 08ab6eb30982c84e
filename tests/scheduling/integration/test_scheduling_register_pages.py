"""The register for the day on SQLite with the Flask test client: people by name with their
needs, attendance for everyone on one form (each row by the existing rules; any refusal records
nothing), "recorded by" a staff name, the printable sign-in sheet, approving and turning down a
pending booking, adding someone invited to a full time's waitlist by name, and the session
page's lapsed-hold notice."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from services.scheduling.adapters.tables.sessions import bookings
from services.scheduling.adapters.tables.waitlist import waitlist_entries
from services.scheduling.waitlist.commands import JoinWaitlist
from services.scheduling.waitlist.service_layer import waitlists
from services.scheduling.web import bus_of
from tests.scheduling.fakes import Clock
from tests.scheduling.integration.test_scheduling_api import (
    app,
    coordinator,
    new_session,
    outbox_types,
)
from tests.scheduling.integration.test_scheduling_booking_pages import invite
from tests.scheduling.integration.test_scheduling_coordinator_pages import (
    START,
    at,
    book_people,
    make_session,
    page,
    recorded,
    time_at,
)
from tests.support import staff_client

__all__ = ["app", "coordinator"]  # fixtures used below

NAMES = ("Aled Hughes", "Bethan Jones")


def name_people(app: Flask, people: list[str], needs: tuple[tuple[str, ...], ...]) -> None:
    """As the consumer keeps them from recruitment.contact."""
    with bus_of(app).uow_factory() as uow:
        for who, name, wants in zip(people, NAMES, needs, strict=False):
            uow.names.save_participant(who, name)
            uow.needs.save(who, wants)
        uow.commit()


def register_url(session_id: str, slot_id: str) -> str:
    return f"/book/manage/sessions/{session_id}/times/{slot_id}/register"


def test_the_session_page_shows_people_by_name_with_their_needs(
    app: Flask, coordinator: FlaskClient
) -> None:
    session_id, slot_id = make_session(coordinator)
    (_, first), (_, second), (_, nameless) = book_people(coordinator, slot_id, 3)
    name_people(app, [first, second], (("step_free", "bsl"), ()))

    shown = page(coordinator, session_id)
    assert "Aled Hughes" in shown and "Bethan Jones" in shown
    assert "Step-free access, BSL interpreter" in shown
    assert first[:8] not in shown and second[:8] not in shown  # a name, never the id
    assert f"Name not known (reference {nameless[:8]})" in shown
    assert f"/book/manage/sessions/{session_id}/sign-in-sheet" in shown


def test_attendance_for_everyone_on_one_form(app: Flask, clock: Clock) -> None:
    cora = str(uuid.uuid4())
    with bus_of(app).uow_factory() as uow:
        uow.names.save_staff(cora, "Cora Coordinator", datetime.now(UTC))
        uow.commit()
    coordinator = staff_client(app, ["coordinator"], staff_id=cora)
    session_id, slot_id = make_session(coordinator)
    (whole, first), (part, second), (later, _) = book_people(coordinator, slot_id, 3)
    name_people(app, [first, second], (("carer",), ()))
    url = register_url(session_id, slot_id)

    early = coordinator.post(url, data={f"outcome-{whole}": "attended"})
    assert early.status_code == 409
    assert "Record attendance once the session has started." in early.get_data(as_text=True)
    assert recorded(app) == 0

    at(clock, START + timedelta(minutes=70))
    form = coordinator.get(url).get_data(as_text=True)
    assert "How did Aled Hughes take part?" in form and "Needs: Carer attending" in form
    assert form.count("Attended the whole 60 minutes") == 3

    done = coordinator.post(
        url,
        data={
            f"outcome-{whole}": "attended",
            f"outcome-{part}": "partly_attended",
            f"minutes-{part}": "45",
        },  # the third is left for later: they may still come
    )
    assert done.status_code == 302 and "done=attendance" in done.headers["Location"]
    assert recorded(app) == 2
    assert outbox_types(app).count("AttendanceRecorded") == 2
    shown = page(coordinator, session_id)
    assert "Partly attended (45 minutes)" in shown
    assert shown.count("Recorded by Cora Coordinator") == 2
    assert "Take the register" in shown  # one person still to record

    again = coordinator.post(url, data={f"outcome-{later}": "no_show"})
    assert again.status_code == 302
    assert recorded(app) == 3
    assert "Take the register" not in page(coordinator, session_id)


def test_one_refused_row_records_nothing_and_says_which(
    app: Flask, coordinator: FlaskClient, clock: Clock
) -> None:
    session_id, slot_id = make_session(coordinator)
    (fine, first), (wrong, second) = book_people(coordinator, slot_id, 2)
    name_people(app, [first, second], ((), ()))
    at(clock, START + timedelta(minutes=70))
    url = register_url(session_id, slot_id)

    refused = coordinator.post(
        url,
        data={
            f"outcome-{fine}": "attended",
            f"outcome-{wrong}": "partly_attended",
            f"minutes-{wrong}": "60",
        },
    )
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "There is a problem" in text and "from 1 to 59." in text
    assert f'href="#minutes-{wrong}"' in text and f'id="minutes-{wrong}-error"' in text
    assert f'href="#outcome-{fine}"' not in text  # only the row that is wrong
    assert 'value="attended" checked' in text  # what was typed is kept
    assert recorded(app) == 0
    assert "AttendanceRecorded" not in outbox_types(app)


@pytest.mark.parametrize(
    ("form", "status", "field", "words"),
    [
        ({}, 400, "outcome", "Choose how at least one person took part"),
        ({"outcome": "asleep"}, 422, "outcome", "Choose one of the answers shown"),
        ({"minutes": "30"}, 422, "outcome", "Choose how they took part"),
        (
            {"outcome": "partly_attended", "minutes": "about 40"},
            422,
            "minutes",
            "Enter the minutes as a number, like 45",
        ),
        ({"outcome": "partly_attended"}, 422, "minutes", "from 1 to 59."),
        ({"outcome": "attended", "minutes": "30"}, 422, "minutes", "the whole 60 minutes"),
        ({"outcome": "no_show", "minutes": "5"}, 422, "minutes", "has no minutes"),
    ],
)
def test_a_register_answer_that_makes_no_sense_changes_nothing(
    app: Flask,
    coordinator: FlaskClient,
    clock: Clock,
    form: dict[str, str],
    status: int,
    field: str,
    words: str,
) -> None:
    session_id, slot_id = make_session(coordinator)
    ((booking_id, _),) = book_people(coordinator, slot_id, 1)
    at(clock, START + timedelta(minutes=70))

    data = {f"{name}-{booking_id}": value for name, value in form.items()}
    refused = coordinator.post(register_url(session_id, slot_id), data=data)
    assert refused.status_code == status
    text = refused.get_data(as_text=True)
    assert "There is a problem" in text and words in text
    assert f'href="#{field}-{booking_id}"' in text
    assert recorded(app) == 0
    assert "AttendanceRecorded" not in outbox_types(app)


def test_a_register_for_a_time_of_another_session_is_not_found(
    app: Flask, coordinator: FlaskClient, clock: Clock
) -> None:
    session_id, _ = make_session(coordinator)
    _, other_slot = make_session(coordinator)
    ((elsewhere, _),) = book_people(coordinator, other_slot, 1)
    at(clock, START + timedelta(minutes=70))
    answer = coordinator.post(
        register_url(session_id, other_slot), data={f"outcome-{elsewhere}": "attended"}
    )
    assert answer.status_code == 404
    assert recorded(app) == 0


def test_the_sign_in_sheet_has_names_needs_and_a_box_to_sign(
    app: Flask, coordinator: FlaskClient
) -> None:
    session_id, slot_id = make_session(coordinator)
    (_, first), (_, second) = book_people(coordinator, slot_id, 2)
    name_people(app, [first, second], (("bsl",), ()))
    sheet = coordinator.get(f"/book/manage/sessions/{session_id}/sign-in-sheet")
    assert sheet.status_code == 200
    text = sheet.get_data(as_text=True)
    assert "Making GP appointments easier" in text and "Central Library" in text
    assert "Aled Hughes" in text and "BSL interpreter" in text and "Bethan Jones" in text
    assert text.count('class="chorus-sign-box"') == 2
    assert "/assets/chorus/print.css" in text
    assert "Signature" in text


def test_a_pending_booking_is_approved_or_turned_down_on_the_page(
    app: Flask, coordinator: FlaskClient
) -> None:
    created = new_session(coordinator, time_at(START, 3), requires_approval=True).get_json()
    session_id, slot_id = created["session_id"], created["slot_ids"][0]
    (yes, first), (no, second) = book_people(coordinator, slot_id, 2)
    name_people(app, [first, second], (("step_free",), ()))

    shown = page(coordinator, session_id)
    assert "Waiting for your approval" in shown
    assert "Approve<span" in shown and "Aled Hughes" in shown and "Step-free access" in shown

    approved = coordinator.post(f"/book/manage/sessions/{session_id}/bookings/{yes}/approve")
    assert approved.status_code == 302 and "done=approved" in approved.headers["Location"]
    turned_down = coordinator.post(f"/book/manage/sessions/{session_id}/bookings/{no}/reject")
    assert turned_down.status_code == 302
    assert outbox_types(app).count("BookingConfirmed") == 1
    assert outbox_types(app).count("BookingRejected") == 1

    again = coordinator.post(f"/book/manage/sessions/{session_id}/bookings/{no}/approve")
    assert again.status_code == 404  # no longer pending: not on the page to decide
    assert outbox_types(app).count("BookingConfirmed") == 1
    unknown = coordinator.post(f"/book/manage/sessions/{session_id}/bookings/{yes}/shrug")
    assert unknown.status_code == 404


def test_someone_invited_is_added_to_a_full_times_waitlist_by_name(
    app: Flask, coordinator: FlaskClient
) -> None:
    session_id, slot_id = make_session(coordinator, capacity=1)
    details = coordinator.get(f"/api/scheduling/sessions/{session_id}").get_json()
    ((_, booked),) = book_people(coordinator, slot_id, 1)
    wanting, stranger = str(uuid.uuid4()), str(uuid.uuid4())
    for who in (booked, wanting):
        invite(app, who, details["activity_id"])
    name_people(app, [wanting, booked], ((), ()))

    shown = page(coordinator, session_id)
    # nhsuk-frontend-jinja's select may break the line before an option tag's ">"
    assert re.search(rf'<option value="{wanting}"\s*>Aled Hughes</option>', shown)
    assert f'<option value="{booked}"' not in shown  # already has a place

    url = f"/book/manage/sessions/{session_id}/times/{slot_id}/waitlist"
    empty = coordinator.post(url, data={})
    assert empty.status_code == 400 and "Choose who to add" in empty.get_data(as_text=True)
    typed = coordinator.post(url, data={f"person-{slot_id}": stranger})
    assert typed.status_code == 422  # only someone shown: never an id typed in
    assert "Choose one of the people shown" in typed.get_data(as_text=True)

    added = coordinator.post(url, data={f"person-{slot_id}": wanting})
    assert added.status_code == 302 and "done=waitlisted" in added.headers["Location"]
    with bus_of(app).uow_factory() as uow:
        waiting = uow.session.execute(select(waitlist_entries.c.participant_id)).scalars().all()
    assert waiting == [wanting]
    assert "WaitlistJoined" in outbox_types(app)
    after = page(coordinator, session_id)
    assert "Aled Hughes" in after and f'<option value="{wanting}"' not in after


def test_lapsed_holds_are_shown_until_marked_seen(app: Flask, coordinator: FlaskClient) -> None:
    session_id, slot_id = make_session(coordinator, capacity=1)
    ((booking_id, _),) = book_people(coordinator, slot_id, 1)
    waiting = str(uuid.uuid4())
    uow = bus_of(app).uow_factory
    waitlists.join_waitlist(JoinWaitlist(slot_id, waiting), uow())
    assert coordinator.post(f"/api/scheduling/bookings/{booking_id}/cancel").status_code == 200
    with uow() as unit:
        status = unit.session.execute(select(bookings.c.status)).scalar()
    assert status == "cancelled"
    waitlists.expire_holds(uow, datetime.now(UTC) + timedelta(hours=3))  # nobody took it
    assert "SchedulingStaffTask" in outbox_types(app)

    shown = page(coordinator, session_id)
    assert "Held places not taken" in shown and "Offer lapsed" in shown
    seen = coordinator.post(f"/book/manage/sessions/{session_id}/lapsed-holds/seen")
    assert seen.status_code == 302
    assert "Held places not taken" not in page(coordinator, session_id)
    assert outbox_types(app).count("SchedulingStaffTask") == 2  # open, then done
