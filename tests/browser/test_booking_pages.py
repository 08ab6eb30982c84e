"""A participant books, changes and cancels a time on the web, in a real browser: a real magic
link for "book" (recruitment's outbox, Kafka, notifications' consumer, Mailpit), then
scheduling's /book pages behind the proxy. Every page is checked (see conftest.py)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import requests
from icalendar import Calendar
from playwright.sync_api import expect

from services.recruitment.adapters.orm import start_mappers as start_recruitment_mappers
from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from services.recruitment.links.service_layer import links
from services.scheduling.booking.commands import BookSlot, CancelBooking
from services.scheduling.booking.service_layer import booking as handlers
from services.scheduling.bootstrap import uow_factory
from services.scheduling.sessions.commands import CreateSession
from services.scheduling.sessions.domain.planning import SlotPlan
from services.scheduling.sessions.service_layer import session_admin
from shared.db import make_engine, make_session_factory
from tests.browser.conftest import BrowserStack, Tab
from tests.e2e.test_thin_journey import unique_mobile
from tests.support import MAILPIT_API, wait_until

TITLE = "Making GP appointments easier"


def book_link_in_mailpit(email: str, base_url: str) -> str | None:
    found = requests.get(
        f"{MAILPIT_API}/search", params={"query": f'to:"{email}"'}, timeout=5
    ).json()
    for message in found["messages"]:
        text = requests.get(f"{MAILPIT_API}/message/{message['ID']}", timeout=5).json()["Text"]
        link = re.search(rf"{re.escape(base_url)}/join/link/book/\S+", text)
        if link:
            return link.group(0)
    return None


def sign_up(stack: BrowserStack, email: str) -> str:
    answer = requests.post(
        f"{stack.base_url}/api/recruitment/participants",
        json={
            "preferred_name": "Dai",
            "phone": unique_mobile(),
            "email": email,
            "preferred_channel": "email",
            "consent": True,
            "consent_version": "2026-11",
        },
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["participant_id"])


def offer_session(
    stack: BrowserStack, participant_id: str, capacities: tuple[int, ...] = (5, 5)
) -> tuple[str, list[str]]:
    """A session with a time a day for each capacity in the stack's scheduling database, and an
    invitation to it: (activity id, slot ids)."""
    engine = make_engine(stack.env["SCHEDULING_DATABASE_URL"])
    activity = str(uuid.uuid4())
    starts = datetime.now(UTC).replace(minute=30, second=0, microsecond=0) + timedelta(days=4)
    plans = tuple(
        SlotPlan(starts + timedelta(days=n), starts + timedelta(days=n, hours=1), capacity)
        for n, capacity in enumerate(capacities)
    )
    command = CreateSession(
        activity,
        TITLE,
        "in_person",
        "Central Library, Calverley Street, Leeds LS1 3AB",
        ("step_free", "hearing_loop"),
        None,
        plans,
    )
    uow = uow_factory(engine)
    slots = [slot.id for slot in session_admin.create_session(command, uow()).slots]
    with uow() as unit:
        unit.dialogue.invited(participant_id, activity, datetime.now(UTC))
        unit.commit()
    return activity, slots


def send_book_link(stack: BrowserStack, email: str) -> None:
    """As recruitment issues a "book" link (an invitation's), through its own service layer."""
    start_recruitment_mappers()
    sessions = make_session_factory(make_engine(stack.env["RECRUITMENT_DATABASE_URL"]))
    assert links.request_link(email, "book", RecruitmentUnitOfWork(sessions)) is not None


def test_a_participant_books_changes_and_cancels_a_time(
    open_tab: Callable[[], Tab], browser_stack: BrowserStack, messaging: None
) -> None:
    email = f"browser-book-{uuid.uuid4().hex[:12]}@example.com"
    participant_id = sign_up(browser_stack, email)
    activity, _ = offer_session(browser_stack, participant_id)
    send_book_link(browser_stack, email)
    link = wait_until(
        lambda: book_link_in_mailpit(email, browser_stack.base_url),
        timeout=60,
        interval=0.5,
        what=f"an email to {email} in Mailpit with a booking link to {browser_stack.base_url}",
    )

    tab = open_tab()
    page = tab.page
    tab.visit(link, name="open the booking link")
    tab.submit("Continue", name="your bookings")
    assert urlsplit(page.url).path == "/book"
    expect(page.get_by_role("heading", level=1)).to_have_text("Your bookings")
    expect(page.get_by_text("Step-free access")).to_be_visible()
    expect(page.get_by_text("5 places left").first).to_be_visible()

    tab.submit(page.get_by_role("link", name=f"Choose a time for {TITLE}"), name="choose a time")
    assert urlsplit(page.url).path == f"/book/activities/{activity}"  # the invitation's page
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a time")
    tab.submit("Book this time", status=400, name="nothing chosen")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()

    page.get_by_role("radio").first.check()
    tab.submit("Book this time", name="booked")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are booked")
    first_time = page.locator(".nhsuk-panel__body").inner_text()

    tab.visit("/book", name="your bookings with one booking")
    tab.submit(page.get_by_role("link", name=f"Change the time for {TITLE}"), name="change")
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the time")
    expect(page.get_by_role("radio")).to_have_count(1)  # not the time they already have
    page.get_by_role("radio").first.check()
    tab.submit("Change to this time", name="changed")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are booked")
    assert page.locator(".nhsuk-panel__body").inner_text() != first_time

    tab.visit("/book", name="your bookings after the change")
    tab.submit(page.get_by_role("link", name=f"Cancel this booking for {TITLE}"), name="cancel")
    expect(page.get_by_role("heading", level=1)).to_have_text("Are you sure you want to cancel?")
    tab.submit("Yes, cancel my booking", name="cancelled")
    assert urlsplit(page.url).path == "/book"
    expect(page.get_by_text("Your booking is cancelled.")).to_be_visible()
    expect(page.get_by_role("link", name=f"Choose a time for {TITLE}")).to_be_visible()

    tab.visit("/book?lang=cy", name="your bookings in Welsh")
    expect(page.get_by_role("heading", level=1)).to_have_text("Eich archebion")


def open_book_link(open_tab: Callable[[], Tab], stack: BrowserStack, email: str) -> Tab:
    """A real "book" link from Mailpit, opened and continued: the participant's /book."""
    send_book_link(stack, email)
    link = wait_until(
        lambda: book_link_in_mailpit(email, stack.base_url),
        timeout=60,
        interval=0.5,
        what=f"an email to {email} in Mailpit with a booking link to {stack.base_url}",
    )
    tab = open_tab()
    tab.visit(link, name="open the booking link")
    tab.submit("Continue", name="your bookings")
    return tab


def test_a_full_time_waitlist_on_the_web_then_the_held_place_is_taken(
    open_tab: Callable[[], Tab], browser_stack: BrowserStack, messaging: None
) -> None:
    email = f"browser-wait-{uuid.uuid4().hex[:12]}@example.com"
    participant_id = sign_up(browser_stack, email)
    activity, (slot_id,) = offer_session(browser_stack, participant_id, (1,))
    uow = uow_factory(make_engine(browser_stack.env["SCHEDULING_DATABASE_URL"]))
    taken = handlers.book_slot(BookSlot(slot_id, str(uuid.uuid4())), uow()).booking.id

    tab = open_book_link(open_tab, browser_stack, email)
    page = tab.page
    tab.submit(
        page.get_by_role("link", name=f"Every time is full: join the waitlist for {TITLE}"),
        name="every time is full",
    )
    assert urlsplit(page.url).path == f"/book/activities/{activity}"
    expect(page.get_by_role("heading", name="Every time is full")).to_be_visible()
    tab.submit("Join the waitlist", status=400, name="no time chosen to wait for")
    page.get_by_role("radio").first.check()
    tab.submit("Join the waitlist", name="on the waitlist")
    expect(page.get_by_text("You are number 1 in line.")).to_be_visible()

    handlers.cancel_booking(CancelBooking(taken), uow())  # a place comes free: held for them
    tab.visit("/book", name="a place is held")
    tab.submit(
        page.get_by_role("link", name=f"Take or turn down this place for {TITLE}"),
        name="the held place",
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("A place is held for you")
    hold_page = page.url
    tab.submit("Take this place", name="took the place")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are booked")

    tab.visit(hold_page, name="the held place has gone")  # an old message's link, say
    expect(page.get_by_role("heading", level=1)).to_have_text("This place has gone")


def test_the_booked_page_downloads_the_calendar_file(
    open_tab: Callable[[], Tab], browser_stack: BrowserStack, messaging: None
) -> None:
    email = f"browser-ics-{uuid.uuid4().hex[:12]}@example.com"
    participant_id = sign_up(browser_stack, email)
    _, (slot_id, _) = offer_session(browser_stack, participant_id)
    uow = uow_factory(make_engine(browser_stack.env["SCHEDULING_DATABASE_URL"]))
    booking_id = handlers.book_slot(BookSlot(slot_id, participant_id), uow()).booking.id

    tab = open_book_link(open_tab, browser_stack, email)
    page = tab.page
    tab.visit(f"/book/bookings/{booking_id}", name="booked with a calendar file")
    link = page.get_by_role("link", name="Add to your calendar")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    text = Path(download.value.path()).read_text()
    [entry] = Calendar.from_ical(text).walk("VEVENT")
    assert str(entry["summary"]) == TITLE
    assert entry.decoded("dtstart").minute == 30  # the time offered (on the half hour)
    assert str(entry["uid"]).endswith(f".{participant_id}@chorus")  # the email's entry

    tab.visit(f"/book/bookings/{booking_id}?lang=cy", name="booked in Welsh")
    expect(page.get_by_role("link", name="Ychwanegu at eich calendr")).to_be_visible()
