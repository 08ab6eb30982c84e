"""Coordinators' session pages (/book/manage) in a real browser, signed in as staff: the list, a
session below its minimum group size (run it anyway), calling it off with its "Are you sure?"
step, attendance with a refusal and then an answer, an availability poll from its start to a
session, and a session created with its times on the page (then one more time added). Every
page is checked with axe at full width and at 320 px (see conftest.py). A link styled as a button
has role "button", as NHS.UK's button macro writes it (nhsuk-frontend-jinja)."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from services.scheduling.adapters.tables.sessions import slots
from services.scheduling.arrangements.venues import Venue
from services.scheduling.booking.commands import BookSlot
from services.scheduling.booking.service_layer import booking as handlers
from services.scheduling.bootstrap import uow_factory
from services.scheduling.polls import service_layer as polls
from services.scheduling.polls.commands import AnswerPoll
from services.scheduling.sessions.commands import CreateSession
from services.scheduling.sessions.domain.planning import SlotPlan
from services.scheduling.sessions.service_layer import session_admin
from shared.db import make_engine
from tests.browser.conftest import BrowserStack, Tab, create_admin

EMAIL = "cora.coordinator@example.org"
PASSWORD = "a browser test password for sessions"
DIRECTIONS = "Enter by the side door on Park Lane"


@pytest.fixture(scope="module")
def admin(browser_stack: BrowserStack) -> str:
    return create_admin(browser_stack, EMAIL, "Cora Coordinator", PASSWORD)


def add_session(
    stack: BrowserStack, title: str, plan: SlotPlan, people: int
) -> tuple[str, str, list[str]]:
    """A session in the stack's scheduling database with `people` booked at its one time."""
    uow = uow_factory(make_engine(stack.env["SCHEDULING_DATABASE_URL"]))
    command = CreateSession(
        str(uuid.uuid4()),
        title,
        "in_person",
        "Central Library, Calverley Street, Leeds LS1 3AB",
        ("step_free", "hearing_loop"),
        None,
        (plan,),
        directions=DIRECTIONS,
    )
    session = session_admin.create_session(command, uow())
    slot_id = session.slots[0].id
    booked = [str(uuid.uuid4()) for _ in range(people)]
    for who in booked:
        handlers.book_slot(BookSlot(slot_id, who), uow())
    return session.id, slot_id, booked


def test_a_coordinator_decides_on_a_small_group_and_calls_it_off(
    tab: Tab, browser_stack: BrowserStack, admin: str
) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    starts = now + timedelta(days=3)
    title = f"Choosing a GP surgery {uuid.uuid4().hex[:6]}"
    plan = SlotPlan(
        starts,
        starts + timedelta(hours=1),
        6,
        min_group_size=4,
        decision_at=now - timedelta(hours=1),
    )
    _, _, (first, second) = add_session(browser_stack, title, plan, 2)
    uow = uow_factory(make_engine(browser_stack.env["SCHEDULING_DATABASE_URL"]))
    with uow() as unit:
        unit.needs.save(first, ("step_free", "bsl"))
        unit.needs.save(second, ("step_free", "carer"))
        unit.commit()

    page = tab.page
    tab.visit("/staff/sign-in")
    page.get_by_label("Email address").fill(admin)
    page.get_by_label("Password").fill(PASSWORD)
    tab.submit("Sign in", name="signed in for the session pages")

    tab.visit("/book/manage", name="sessions")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sessions")
    tab.submit(page.get_by_role("link", name=title), name="a session below its minimum")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_text(DIRECTIONS)).to_be_visible()
    expect(page.get_by_text("Below the minimum group size")).to_be_visible()
    expect(page.get_by_text("Step-free access: 2")).to_be_visible()
    expect(page.get_by_text("BSL interpreter: 1")).to_be_visible()

    tab.submit(page.get_by_role("button", name="Run it anyway"), name="run it anyway")
    expect(page.get_by_text("this time will run with the people booked")).to_be_visible()
    expect(page.get_by_text("Below the minimum group size")).to_have_count(0)

    tab.submit(page.get_by_role("button", name="Cancel this session"), name="are you sure")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to cancel this session?"
    )
    tab.submit("Yes, cancel this session", name="session cancelled")
    expect(page.get_by_text("The session is cancelled.")).to_be_visible()


def test_a_coordinator_approves_takes_the_register_and_prints_the_sign_in_sheet(
    tab: Tab, browser_stack: BrowserStack, admin: str
) -> None:
    """Names and needs on the session page, a pending booking approved there, attendance for
    everyone on one form (a refusal first), and the printable sign-in sheet."""
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    later = now + timedelta(days=3)
    title = f"Pharmacy opening hours {uuid.uuid4().hex[:6]}"
    uow = uow_factory(make_engine(browser_stack.env["SCHEDULING_DATABASE_URL"]))
    command = CreateSession(
        str(uuid.uuid4()),
        title,
        "in_person",
        "Central Library, Calverley Street, Leeds LS1 3AB",
        ("step_free",),
        None,
        (SlotPlan(later, later + timedelta(hours=1), 4),),
        requires_approval=True,
    )
    session = session_admin.create_session(command, uow())
    session_id, slot_id = session.id, session.slots[0].id
    aled, bethan = str(uuid.uuid4()), str(uuid.uuid4())
    with uow() as unit:  # as the consumer keeps them from recruitment.contact
        unit.names.save_participant(aled, "Aled Hughes")
        unit.needs.save(aled, ("bsl", "step_free"))
        unit.names.save_participant(bethan, "Bethan Jones")
        unit.commit()
    handlers.book_slot(BookSlot(slot_id, aled), uow())
    handlers.book_slot(BookSlot(slot_id, bethan), uow())

    page = tab.page
    tab.visit("/staff/sign-in")
    page.get_by_label("Email address").fill(admin)
    page.get_by_label("Password").fill(PASSWORD)
    tab.submit("Sign in", name="signed in for the register")

    tab.visit(f"/book/manage/sessions/{session_id}", name="bookings waiting for approval")
    expect(page.get_by_role("heading", name="Waiting for your approval")).to_be_visible()
    expect(page.get_by_role("cell", name="Step-free access, BSL interpreter")).to_be_visible()
    tab.submit(page.get_by_role("button", name="Approve Aled Hughes"), name="approved")
    expect(page.get_by_text("Booking approved.")).to_be_visible()
    tab.submit(page.get_by_role("button", name="Approve Bethan Jones"), name="both approved")
    expect(page.get_by_role("heading", name="Waiting for your approval")).to_have_count(0)
    people = page.get_by_role("table", name=re.compile("People booked"))
    expect(people.get_by_text("Aled Hughes")).to_be_visible()
    expect(people.get_by_text("Bethan Jones")).to_be_visible()
    expect(page.get_by_text(aled[:8])).to_have_count(0)  # a name, never the id

    tab.submit(page.get_by_role("link", name="Print a sign-in sheet"), name="sign-in sheet")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("cell", name="Aled Hughes")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".nhsuk-header")).to_be_hidden()  # the sheet alone on paper
    page.emulate_media(media="screen")

    # Planning takes only future times: move this one back so that it started 10 minutes ago.
    engine = make_engine(browser_stack.env["SCHEDULING_DATABASE_URL"])
    started = now - timedelta(minutes=10)
    with engine.begin() as connection:
        connection.execute(
            update(slots)
            .where(slots.c.id == slot_id)
            .values(
                starts_at=started,
                ends_at=started + timedelta(hours=1),
                booking_opens_at=started - timedelta(days=1),
                booking_closes_at=started,
                cancel_by=started,
            )
        )
    tab.visit(f"/book/manage/sessions/{session_id}", name="a session that has started")
    tab.submit(page.get_by_role("button", name=re.compile("Take the register")), name="register")
    aled_answers = page.get_by_role("group", name="How did Aled Hughes take part?")
    bethan_answers = page.get_by_role("group", name="How did Bethan Jones take part?")
    aled_answers.get_by_label("Attended the whole 60 minutes").check()
    bethan_answers.get_by_label("Partly attended").check()
    tab.submit("Record attendance", status=422, name="partly attended without the minutes")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_label("Minutes Bethan Jones took part").fill("30")
    tab.submit("Record attendance", name="attendance recorded")
    expect(page.get_by_text("Attendance recorded.")).to_be_visible()
    expect(page.get_by_text("Partly attended (30 minutes)")).to_be_visible()


def test_a_coordinator_runs_a_poll_and_turns_the_best_time_into_a_session(
    tab: Tab, browser_stack: BrowserStack, admin: str
) -> None:
    year = datetime.now(UTC).year + 1
    title = f"Choosing a GP surgery {uuid.uuid4().hex[:6]}"
    page = tab.page
    tab.visit("/staff/sign-in")
    page.get_by_label("Email address").fill(admin)
    page.get_by_label("Password").fill(PASSWORD)
    tab.submit("Sign in", name="signed in for polls")

    tab.visit("/book/manage/polls", name="polls")
    tab.submit(page.get_by_role("button", name="Start a new poll"), name="a new poll")
    tab.submit("Start the poll", status=400, name="a poll with nothing filled in")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    activity_id = str(uuid.uuid4())
    page.get_by_label("Activity reference number").fill(activity_id)
    page.get_by_label("Activity title").fill(title)
    page.get_by_label("In person", exact=True).check()
    page.get_by_label("Venue name and address (if in person)").fill("Central Library, Leeds")
    page.get_by_label("Times to offer").fill(
        f"3/12/{year} 10:30 to 12:00\n4/12/{year} 14:00 to 15:00"
    )
    page.get_by_label("Day").fill("30")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill(str(year))
    tab.submit("Start the poll", name="the poll started")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    ann, bo = str(uuid.uuid4()), str(uuid.uuid4())
    ann_name, bo_name = f"Ann {ann[:6]}", f"Bo {bo[:6]}"  # unique: other tests' people show too
    uow = uow_factory(make_engine(browser_stack.env["SCHEDULING_DATABASE_URL"]))
    poll_id = page.url.split("/")[-1].split("?")[0]
    with uow() as unit:  # as recruitment's ParticipantInvited and names tell scheduling
        for who, name in ((ann, ann_name), (bo, bo_name)):
            unit.dialogue.invited(who, activity_id, datetime.now(UTC))
            unit.names.save_participant(who, name)
        unit.needs.save(ann, ("step_free", "bsl"))
        unit.needs.save(bo, ("step_free",))
        # The poll's place is on the venue list, with a hearing loop but no step-free access.
        poll = unit.polls.get(poll_id)
        assert poll is not None
        library = Venue.create(poll.organisation_id, "Central Library", "Calverley Street, Leeds",
                               ("hearing_loop",), None, datetime.now(UTC))  # fmt: skip
        unit.venues.save(library)
        unit.commit()
    tab.visit(f"/book/manage/polls/{poll_id}", name="whom to ask, by name")
    expect(page.get_by_role("group", name="Who to ask")).to_be_visible()
    tab.submit("Send the invitations", status=400, name="nobody ticked")
    expect(page.get_by_text("Choose at least one person to ask.").first).to_be_visible()
    page.get_by_label(ann_name, exact=True).check()
    page.get_by_label(bo_name, exact=True).check()
    tab.submit("Send the invitations", name="people invited")
    expect(page.get_by_text("0 of 2 people invited")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text=ann_name)).to_be_visible()  # asked
    expect(page.get_by_label(ann_name, exact=True)).to_have_count(0)
    for who in (ann, bo):
        polls.answer(
            AnswerPoll(poll_id, who, frozenset({1}), "web"), uow(), lambda: datetime.now(UTC)
        )

    tab.visit(f"/book/manage/polls/{poll_id}", name="the answers")
    expect(page.get_by_text("2 need step-free access, 1 BSL interpreter")).to_be_visible()
    expect(page.get_by_text("2 people can come")).to_be_visible()
    gap = f"{ann_name} needs step-free access; Central Library has no step-free access recorded."
    expect(page.get_by_text(gap)).to_be_visible()  # the venue checked, by name
    page.get_by_label("Places to offer at").first.fill("none")
    tab.submit(
        page.get_by_role("button", name="Offer this time as a session").first,
        status=400,
        name="places that are not a number",
    )
    page.get_by_label("Places to offer at").first.fill("8")
    page.get_by_label("Step-free access").first.check()
    tab.submit(
        page.get_by_role("button", name="Offer this time as a session").first,
        name="the best time is a session",
    )
    expect(page.get_by_text("the time is now a session people can book")).to_be_visible()
    tab.submit(page.get_by_role("link", name="This time is a session"), name="its session")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_a_coordinator_creates_a_session_and_adds_a_time(
    tab: Tab, browser_stack: BrowserStack, admin: str
) -> None:
    year = datetime.now(UTC).year + 1
    title = f"Hospital letters {uuid.uuid4().hex[:6]}"
    activity_id = str(uuid.uuid4())
    page = tab.page
    tab.visit("/staff/sign-in")
    page.get_by_label("Email address").fill(admin)
    page.get_by_label("Password").fill(PASSWORD)
    tab.submit("Sign in", name="signed in to create a session")

    # As recruitment's "Add times for this activity" link arrives: the activity filled in.
    tab.visit(
        f"/book/manage/sessions/new?activity_id={activity_id}&title=Letters", name="new session"
    )
    expect(page.get_by_label("Activity reference number")).to_have_value(activity_id)
    tab.visit("/book/manage", name="sessions before")
    tab.submit(page.get_by_role("button", name="Create a session"), name="a new session")
    expect(page.get_by_role("heading", level=1)).to_have_text("Create a session")
    page.get_by_label("Activity reference number").fill(activity_id)
    page.get_by_label("Activity title").fill(title)
    page.get_by_label("In person", exact=True).check()
    page.get_by_label("Times people can book").fill(f"3/12/{year} 10:30 to 12:00")
    page.get_by_label("Places at each time").fill("0")
    tab.submit("Create the session", status=400, name="no place and no venue")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Offer from 1 to 500 places.")).to_be_visible()

    page.get_by_label("Places at each time").fill("8")
    tab.submit("Create the session", status=422, name="an in-person session with no venue")
    expect(page.get_by_role("link", name="Enter the venue's name and address.")).to_be_visible()

    page.get_by_label("Venue name and address (if in person or hybrid)").fill(
        "Central Library, Calverley Street, Leeds LS1 3AB"
    )
    page.get_by_label("Directions to the way in (optional)").fill(DIRECTIONS)
    page.get_by_label("Step-free access").check()
    page.get_by_label("Hearing loop").check()
    page.get_by_label("Times people can book").fill(
        f"3/12/{year} 10:30 to 12:00\n4/12/{year} 2:00pm to 3:30pm"
    )
    page.get_by_label("Minimum group size", exact=True).fill("3")
    page.get_by_label("Days before the start that booking opens").fill("14")
    page.get_by_label("Hours before the start that people can no longer cancel").fill("24")
    tab.submit("Create the session", name="the session created")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_text("The session is created.")).to_be_visible()
    expect(page.get_by_text(DIRECTIONS)).to_be_visible()
    expect(page.get_by_text("3 December, 10:30am").first).to_be_visible()

    tab.submit(page.get_by_role("link", name="Add more times"), name="more times")
    page.get_by_label("Times people can book").fill(f"10/12/{year} 10:30 to 12:00")
    page.get_by_label("Places at each time").fill("6")
    tab.submit("Add the times", name="a time added")
    expect(page.get_by_text("The new times are added below")).to_be_visible()
    expect(page.get_by_text("10 December, 10:30am").first).to_be_visible()


def test_a_coordinator_makes_and_resets_their_calendar_address(
    tab: Tab, browser_stack: BrowserStack, admin: str
) -> None:
    page = tab.page
    tab.visit("/staff/sign-in")
    page.get_by_label("Email address").fill(admin)
    page.get_by_label("Password").fill(PASSWORD)
    tab.submit("Sign in", name="signed in for the calendar page")

    tab.visit("/book/manage", name="sessions with the calendar link")
    tab.submit(
        page.get_by_role("link", name="See these sessions in your own calendar"),
        name="calendar page",
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Your calendar of sessions")
    tab.submit("Make my calendar address", name="calendar address made")
    address = page.get_by_label("Your calendar address").input_value()
    assert "/book/calendar/" in address and address.endswith(".ics")
    path = address[address.index("/book/calendar/") :]
    feed = page.request.get(path)
    assert feed.status == 200 and "BEGIN:VCALENDAR" in feed.text()

    # Shown once: coming back says when it was made and offers a reset, not the address.
    tab.visit("/book/manage/calendar", name="calendar page after the address was shown")
    expect(page.get_by_text("We show it only once")).to_be_visible()
    expect(page.get_by_label("Your calendar address")).to_have_count(0)

    tab.submit("Reset the link", name="calendar address reset")
    expect(page.get_by_text("The old one has stopped working.")).to_be_visible()
    assert page.get_by_label("Your calendar address").input_value() != address
    assert page.request.get(path).status == 404

    tab.visit("/book/manage/calendar?lang=cy", name="calendar page in Welsh")
    expect(page.get_by_role("heading", level=1)).to_have_text("Eich calendr o sesiynau")
