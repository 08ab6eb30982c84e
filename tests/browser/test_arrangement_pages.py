"""Arrangements and venues in a real browser, signed in as staff: a session's tasks in plain
words (by name, with the UK date), "not possible" refused without a reason then taken with
one, a task marked done, a venue added (a refusal first) and chosen for the session, whose
missing step-free access shows as a warning on the task and, by name, beside the venue, and
the Welsh page. Every page is
checked with axe at full width and at 320 px (see conftest.py)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from services.scheduling.arrangements import service_layer as arrangements
from services.scheduling.arrangements.commands import ReviewArrangements
from services.scheduling.booking.commands import BookSlot
from services.scheduling.booking.service_layer import booking as handlers
from services.scheduling.bootstrap import uow_factory
from services.scheduling.sessions.commands import CreateSession
from services.scheduling.sessions.domain.planning import SlotPlan
from services.scheduling.sessions.service_layer import session_admin
from shared.db import make_engine
from shared.pages.formats import uk_short_date
from tests.browser.conftest import BrowserStack, Tab, create_admin

EMAIL = "ada.arranger@example.org"
PASSWORD = "a browser test password for arrangements"


@pytest.fixture(scope="module")
def admin(browser_stack: BrowserStack) -> str:
    return create_admin(browser_stack, EMAIL, "Ada Arranger", PASSWORD)


def session_with_needs(stack: BrowserStack, title: str, starts: datetime) -> str:
    """A session with two people booked: Ann (BSL, step-free, a taxi) and Bo (large print)."""
    uow = uow_factory(make_engine(stack.env["SCHEDULING_DATABASE_URL"]))
    plan = SlotPlan(starts, starts + timedelta(hours=2), 8)
    command = CreateSession(
        str(uuid.uuid4()), title, "in_person", "Central Library, Leeds LS1 3AB", (), None, (plan,)
    )
    session = session_admin.create_session(command, uow())
    people = {"Ann Jones": ("bsl", "step_free", "travel_help"), "Bo Khan": ("large_print",)}
    with uow() as unit:  # what recruitment.contact would have told scheduling
        for name, needs in people.items():
            person = str(uuid.uuid4())
            unit.names.save_participant(person, name)
            unit.needs.save(person, needs)
            people[name] = (person,)
        unit.commit()
    for (person,) in people.values():
        handlers.book_slot(BookSlot(session.slots[0].id, person), uow())
    arrangements.review(ReviewArrangements(session.id), uow())  # as the consumer does
    return session.id


def test_a_coordinator_settles_arrangements_and_keeps_venues(
    tab: Tab, browser_stack: BrowserStack, admin: str
) -> None:
    starts = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=6)
    title = f"Clinic letters {uuid.uuid4().hex[:6]}"
    session_id = session_with_needs(browser_stack, title, starts)
    page = tab.page
    tab.visit("/staff/sign-in")
    page.get_by_label("Email address").fill(admin)
    page.get_by_label("Password").fill(PASSWORD)
    tab.submit("Sign in", name="signed in for arrangements")

    tab.visit(f"/book/manage/sessions/{session_id}", name="a session with arrangements")
    day = uk_short_date(starts)
    bsl = f"Book a BSL interpreter for {day}"
    for task in (bsl, "Print 1 large-print pack", "Confirm step-free entrance",
                 "Arrange a taxi for Ann Jones"):  # fmt: skip
        expect(page.get_by_role("heading", name=task)).to_be_visible()
    expect(page.get_by_text("For: Ann Jones").first).to_be_visible()

    taxi = page.locator(".nhsuk-card", has=page.get_by_role("heading", name="Arrange a taxi"))
    tab.submit(taxi.get_by_role("button", name="Mark as not possible"), status=422,
               name="not possible needs a reason")  # fmt: skip
    expect(page.get_by_role("link", name="Say why it is not possible")).to_be_visible()
    taxi = page.locator(".nhsuk-card", has=page.get_by_role("heading", name="Arrange a taxi"))
    taxi.get_by_label("If it is not possible, say why").fill("No taxi firm has a ramp that day")
    tab.submit(taxi.get_by_role("button", name="Mark as not possible"), name="taxi not possible")
    expect(page.get_by_text("Why: No taxi firm has a ramp that day")).to_be_visible()
    card = page.locator(".nhsuk-card", has=page.get_by_role("heading", name=bsl))
    tab.submit(card.get_by_role("button", name="Mark as done"), name="interpreter booked")
    expect(page.get_by_text("Arrangement saved.")).to_be_visible()

    tab.visit("/book/manage/venues", name="no venues yet")
    tab.submit(page.get_by_role("button", name="Add a venue"), name="add a venue")
    page.get_by_label("Venue name").fill("Old Chapel")
    tab.submit("Save the venue", status=422, name="a venue needs an address")
    page.get_by_label("Address").fill("1 Hill Street, Leeds LS2 1AA")
    page.get_by_label("Parking").check()
    page.get_by_label("Quiet room").check()
    tab.submit("Save the venue", name="venue saved")
    expect(page.get_by_text("Parking, Quiet room")).to_be_visible()

    tab.visit(f"/book/manage/sessions/{session_id}", name="choose the venue")
    page.get_by_label("Venue", exact=True).select_option(label="Old Chapel")
    tab.submit(page.get_by_role("button", name="Save the venue"), name="venue chosen")
    expect(page.get_by_text("The venue has no step-free access.")).to_be_visible()
    # Choosing the venue checks the needs of those booked against it, by name.
    gap = "Ann Jones needs step-free access; Old Chapel has no step-free access recorded."
    expect(page.get_by_text(gap)).to_be_visible()

    tab.visit(f"/book/manage/sessions/{session_id}?lang=cy", name="the session page in Welsh")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
