"""Coordinators' session pages (/book/manage) in a real browser, signed in as staff: the list, a
session below its minimum group size (run it anyway), calling it off with its "Are you sure?"
step, and attendance with a refusal and then an answer. Every page is checked with axe at full
width and at 320 px (see conftest.py)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from services.scheduling.adapters.orm import slots
from services.scheduling.domain.planning import SlotPlan
from services.scheduling.entrypoints.bootstrap import uow_factory
from services.scheduling.service_layer import handlers
from services.scheduling.service_layer.commands import BookSlot, CreateSession
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
    session = handlers.create_session(command, uow())
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

    tab.submit(page.get_by_role("link", name="Cancel this session"), name="are you sure")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to cancel this session?"
    )
    tab.submit("Yes, cancel this session", name="session cancelled")
    expect(page.get_by_text("The session is cancelled.")).to_be_visible()


def test_a_coordinator_records_attendance(
    tab: Tab, browser_stack: BrowserStack, admin: str
) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    later = now + timedelta(days=3)
    title = f"Pharmacy opening hours {uuid.uuid4().hex[:6]}"
    session_id, slot_id, _ = add_session(
        browser_stack, title, SlotPlan(later, later + timedelta(hours=1), 4), 1
    )
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

    page = tab.page
    tab.visit("/staff/sign-in")
    page.get_by_label("Email address").fill(admin)
    page.get_by_label("Password").fill(PASSWORD)
    tab.submit("Sign in", name="signed in for attendance")

    tab.visit(f"/book/manage/sessions/{session_id}", name="a session that has started")
    page.get_by_label("Partly attended").check()
    tab.submit(
        page.get_by_role("button", name="Record attendance"),
        status=422,
        name="partly attended without the minutes",
    )
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_label("Minutes they took part").fill("30")
    tab.submit(page.get_by_role("button", name="Record attendance"), name="attendance recorded")
    expect(page.get_by_text("Attendance recorded.")).to_be_visible()
    expect(page.get_by_text("Partly attended (30 minutes)")).to_be_visible()
