"""Journeys across all four services for a person who uses email only, in a real browser with axe
at full width and 320 px on every page (see conftest.py): they sign up on the web, and from then
on start only from what Chorus emails them (Mailpit), through every service's relay and consumer
on the real broker (`whole_stack`)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import icalendar
import pytest
import requests
from playwright.sync_api import expect

from services.recruitment.activities.service_layer import activities
from services.scheduling.booking.commands import BookSlot, CancelBooking
from services.scheduling.booking.service_layer import booking as handlers
from services.scheduling.bootstrap import uow_factory
from services.scheduling.sessions.commands import CreateSession
from services.scheduling.sessions.domain.planning import SlotPlan
from services.scheduling.sessions.service_layer import session_admin
from shared.db import make_engine
from tests.browser.conftest import BrowserStack, Tab
from tests.browser.test_recruitment_pages import uow
from tests.support import MAILPIT_API, mailpit_received, wait_until

VENUE = "Central Library, Calverley Street, Leeds LS1 3AB"


@dataclass
class Activity:
    id: str
    title: str
    code: str
    slots: list[str]
    starts: list[datetime]


def open_activity(stack: BrowserStack, capacities: tuple[int, ...]) -> Activity:
    """As a coordinator's first activity (services/demo.py): open, inviting everyone who signs up
    on its web way in, with a time a day in scheduling for each capacity."""
    title = f"Clearer hospital letters {uuid.uuid4().hex[:6]}"
    describe = activities.DescribeActivity(
        title,
        "Tell us what makes a hospital letter hard to read.",
        "focus_group",
        ["in_person"],
        {},
        {"rate_pence": 2500, "rate_unit": "hour"},
        invite_on_sign_up=True,
    )
    activity_id = activities.create_activity(describe, "browser", uow(stack))
    code = f"WEB{uuid.uuid4().hex[:6].upper()}"
    activities.add_channel(activity_id, "web", code, None, uow(stack))
    activities.set_status(activity_id, "open", uow(stack))
    first = datetime.now(UTC).replace(minute=30, second=0, microsecond=0) + timedelta(days=5)
    starts = [first + timedelta(days=n) for n in range(len(capacities))]
    plans = tuple(
        SlotPlan(start, start + timedelta(hours=1), capacity)
        for start, capacity in zip(starts, capacities, strict=True)
    )
    command = CreateSession(activity_id, title, "in_person", VENUE, ("step_free",), None, plans)
    session = session_admin.create_session(command, scheduling(stack)())
    return Activity(activity_id, title, code, [slot.id for slot in session.slots], starts)


def scheduling(stack: BrowserStack) -> Callable[[], Any]:
    return uow_factory(make_engine(stack.env["SCHEDULING_DATABASE_URL"]))


def sign_up_on_the_web(tab: Tab, activity: Activity, name: str, email: str) -> None:
    page = tab.page
    tab.visit(f"/join/{activity.code}", name="the activity's sign-up page")
    page.get_by_label("What should we call you?").fill(name)
    page.get_by_label("Email address (optional)").fill(email)
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("I agree to take part.", exact=False).check()
    tab.submit("Sign up", name="signed up")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for signing up")


def emails_to(address: str) -> list[dict[str, Any]]:
    """Their messages in Mailpit, oldest first."""
    found = requests.get(
        f"{MAILPIT_API}/search", params={"query": f'to:"{address}"'}, timeout=5
    ).json()
    return sorted(found["messages"], key=mailpit_received)


def email(address: str, subject: str) -> dict[str, Any]:
    """The newest email to them whose subject starts so, waited for; the whole message."""

    def arrived() -> str | None:
        ids = [m["ID"] for m in emails_to(address) if m["Subject"].startswith(subject)]
        return ids[-1] if ids else None

    found = wait_until(arrived, timeout=60, interval=0.5, what=f"{subject!r} to {address}")
    return requests.get(f"{MAILPIT_API}/message/{found}", timeout=5).json()


def link_in(message: dict[str, Any], stack: BrowserStack, purpose: str = "book") -> str:
    """The email's message link (in its text part, and the same in its HTML)."""
    links = re.findall(rf"{re.escape(stack.base_url)}/join/link/{purpose}/\S+", message["Text"])
    assert len(set(links)) == 1, f"one {purpose} link in {message['Subject']!r}: {links}"
    assert links[0].replace("&", "&amp;") in message["HTML"] or links[0] in message["HTML"]
    return links[0]


def calendar_start(message: dict[str, Any]) -> datetime:
    """DTSTART of the email's .ics attachment, which must parse."""
    (ics,) = [a for a in message["Attachments"] if a["FileName"].endswith(".ics")]
    part = requests.get(f"{MAILPIT_API}/message/{message['ID']}/part/{ics['PartID']}", timeout=5)
    event = next(iter(icalendar.Calendar.from_ical(part.content).walk("VEVENT")))
    return event.decoded("DTSTART").astimezone(UTC)


def follow(tab: Tab, link: str, landing: str, name: str) -> None:
    """Open a message link (no change yet), press Continue, land on the page it is for."""
    tab.visit(link, name=f"open the link: {name}")
    expect(tab.page.get_by_role("button", name="Continue")).to_be_visible()
    tab.submit("Continue", name=name)
    assert urlsplit(tab.page.url).path == landing


def invited(tab: Tab, stack: BrowserStack, activity: Activity, name: str) -> tuple[str, str]:
    """Someone signs up on the web choosing email; their welcome, then their invitation, arrive:
    (their address, the invitation's link)."""
    address = f"browser-journey-{uuid.uuid4().hex[:12]}@example.com"
    sign_up_on_the_web(tab, activity, name, address)
    invitation = email(address, "Would you like to help with")
    assert activity.title in invitation["Subject"]
    subjects = [m["Subject"] for m in emails_to(address)]
    assert subjects.index("Welcome to Chorus") < subjects.index(invitation["Subject"]), subjects
    return address, link_in(invitation, stack)


@pytest.mark.usefixtures("whole_stack")
def test_someone_who_uses_email_only_books_moves_and_cancels_from_their_emails(
    open_tab: Callable[[], Tab], browser_stack: BrowserStack
) -> None:
    activity = open_activity(browser_stack, (5, 5))
    tab = open_tab()
    page = tab.page
    address, invitation = invited(tab, browser_stack, activity, "Eleri")

    follow(tab, invitation, f"/book/activities/{activity.id}", "choose a time")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a time")
    page.get_by_role("radio").first.check()
    tab.submit("Book this time", name="booked")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are booked")

    confirmed = email(address, "You are booked")
    assert calendar_start(confirmed) == activity.starts[0]
    booking_page = urlsplit(page.url).path
    assert booking_page.startswith("/book/bookings/")

    again = open_tab()  # another device: the confirmation's own link
    follow(again, link_in(confirmed, browser_stack), booking_page, "the booking from its email")
    moving = again.page
    again.submit(moving.get_by_role("link", name="Change the time"), name="change the time")
    expect(moving.get_by_role("radio")).to_have_count(1)  # not the time they already have
    moving.get_by_role("radio").first.check()
    again.submit("Change to this time", name="moved")
    expect(moving.get_by_role("heading", level=1)).to_have_text("You are booked")
    moved = email(address, "Your booking has moved")
    assert calendar_start(moved) == activity.starts[1]

    again.submit(moving.get_by_role("link", name="Cancel this booking"), name="cancel")
    again.submit("Yes, cancel my booking", name="cancelled")
    expect(moving.get_by_text("Your booking is cancelled.")).to_be_visible()
    cancelled = email(address, "Your booking is cancelled")
    link_in(cancelled, browser_stack)  # to choose another time


@pytest.mark.usefixtures("whole_stack")
def test_a_full_time_waitlist_from_the_invitation_then_the_held_place_from_its_email(
    open_tab: Callable[[], Tab], browser_stack: BrowserStack
) -> None:
    activity = open_activity(browser_stack, (1,))
    uows = scheduling(browser_stack)
    taken = handlers.book_slot(BookSlot(activity.slots[0], str(uuid.uuid4())), uows()).booking.id
    tab = open_tab()
    page = tab.page
    address, invitation = invited(tab, browser_stack, activity, "Owain")

    follow(tab, invitation, f"/book/activities/{activity.id}", "every time is full")
    expect(page.get_by_role("heading", name="Every time is full")).to_be_visible()
    page.get_by_role("radio").first.check()
    tab.submit("Join the waitlist", name="on the waitlist")
    expect(page.get_by_text("You are number 1 in line.")).to_be_visible()

    handlers.cancel_booking(CancelBooking(taken), uows())  # the other person cancels
    held = email(address, "A place is free for you")
    hold = open_tab()
    link = link_in(held, browser_stack)
    hold.visit(link, name="open the held place's link")
    hold.submit("Continue", name="the held place")
    assert urlsplit(hold.page.url).path.startswith("/book/holds/")
    expect(hold.page.get_by_role("heading", level=1)).to_have_text("A place is held for you")
    hold.submit("Take this place", name="took the place")
    expect(hold.page.get_by_role("heading", level=1)).to_have_text("You are booked")
    confirmed = email(address, "You are booked")
    assert calendar_start(confirmed) == activity.starts[0]


@pytest.mark.usefixtures("whole_stack")
def test_an_invitation_link_opened_twice_says_it_was_used_and_offers_a_new_one(
    open_tab: Callable[[], Tab], browser_stack: BrowserStack
) -> None:
    activity = open_activity(browser_stack, (5,))
    tab = open_tab()
    address, invitation = invited(tab, browser_stack, activity, "Cerys")
    follow(tab, invitation, f"/book/activities/{activity.id}", "choose a time")

    later = open_tab()
    later.visit(invitation, name="the invitation link again")
    later.submit("Continue", status=410, name="used")
    expect(later.page.get_by_text("It has already been used.", exact=False)).to_be_visible()
    later.submit("Send me a new link", name="a new link sent")
    expect(later.page.get_by_role("heading", level=1)).to_have_text("Check your phone or email")
    email(address, "Your link to Chorus")  # to the same channel
