"""Feedback after a session in a real browser: the person opens the message's link (a real
"book" message link, redeemed by recruitment) and answers the two-question form (a refusal
first, then a number and words, then in Welsh); a coordinator signs in and reads the summary
without names, then turns asking off. Every page is checked with axe at full width and at
320 px (see conftest.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select, update

from services.scheduling.adapters.tables.feedback import feedback_requests
from services.scheduling.adapters.tables.sessions import slots
from services.scheduling.attendance import service_layer as attendance
from services.scheduling.attendance.commands import RecordAttendance
from services.scheduling.booking.commands import BookSlot
from services.scheduling.booking.service_layer import booking as handlers
from services.scheduling.bootstrap import uow_factory
from services.scheduling.feedback import service_layer as feedback
from services.scheduling.sessions.commands import CreateSession
from services.scheduling.sessions.domain.planning import SlotPlan
from services.scheduling.sessions.service_layer import session_admin
from shared.db import make_engine
from shared.magic_links import message_link_url
from tests.browser.conftest import BrowserStack, Tab, create_admin
from tests.browser.test_booking_pages import sign_up

EMAIL = "fran.feedback@example.org"
PASSWORD = "a browser test password for feedback"
WORDS = "The room was warm, but the tea was good."


@pytest.fixture(scope="module")
def admin(browser_stack: BrowserStack) -> str:
    return create_admin(browser_stack, EMAIL, "Fran Feedback", PASSWORD)


def attended_and_asked(stack: BrowserStack, title: str, participant_id: str) -> tuple[str, str]:
    """A time they attended that ended two hours ago, and the question asked: (activity,
    request id)."""
    engine = make_engine(stack.env["SCHEDULING_DATABASE_URL"])
    uows = uow_factory(engine)
    activity = str(uuid.uuid4())
    starts = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=2)
    command = CreateSession(
        activity, title, "in_person", "Central Library, Calverley Street, Leeds LS1 3AB", (),
        None, (SlotPlan(starts, starts + timedelta(hours=1), 5),),
    )  # fmt: skip
    slot = session_admin.create_session(command, uows()).slots[0].id
    booking = handlers.book_slot(BookSlot(slot, participant_id), uows()).booking.id
    ended = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=3)
    with engine.begin() as conn:  # the pages refuse a past time: move it there
        conn.execute(
            update(slots)
            .where(slots.c.id == slot)
            .values(starts_at=ended, ends_at=ended + timedelta(hours=1), cancel_by=ended,
                    booking_opens_at=ended - timedelta(days=1), booking_closes_at=ended)
        )  # fmt: skip
    attendance.record(RecordAttendance(booking, "attended", None, str(uuid.uuid4())), uows())
    feedback.ask_due(uows(), datetime.now(UTC), hours=None)
    with engine.connect() as conn:
        request_id = conn.execute(
            select(feedback_requests.c.id).where(feedback_requests.c.booking_id == booking)
        ).scalar_one()
    return activity, request_id


def test_a_participant_answers_and_a_coordinator_reads_the_summary(
    open_tab: Callable[[], Tab], browser_stack: BrowserStack, admin: str
) -> None:
    title = f"Shaping the diabetes clinic {uuid.uuid4().hex[:6]}"
    email = f"browser-feedback-{uuid.uuid4().hex[:12]}@example.com"
    participant_id = sign_up(browser_stack, email)
    activity, request_id = attended_and_asked(browser_stack, title, participant_id)
    form = f"/book/feedback/{request_id}"
    link = message_link_url(
        browser_stack.base_url, browser_stack.env["SECRET_KEY"], participant_id, "book", "email",
        form,
    )  # fmt: skip

    tab = open_tab()
    page = tab.page
    tab.visit(link, name="open the feedback link")
    tab.submit("Continue", name="the feedback form")
    assert urlsplit(page.url).path == form
    expect(page.get_by_role("heading", level=1)).to_have_text(f"How was {title}?")
    expect(page.get_by_role("radio")).to_have_count(5)
    tab.submit("Send my answer", status=400, name="nothing answered")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_role("radio", name="4 - good").check()
    page.get_by_label("Do you want to tell us more? (optional)").fill(WORDS)
    tab.submit("Send my answer", name="feedback sent")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for telling us")
    tab.visit(f"{form}?lang=cy", name="the form in Welsh, answered")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Sut oedd {title}?")
    expect(page.get_by_role("radio", name="4 - da")).to_be_checked()

    staff = open_tab()
    page = staff.page
    staff.visit("/staff/sign-in")
    page.get_by_label("Email address").fill(admin)
    page.get_by_label("Password").fill(PASSWORD)
    staff.submit("Sign in", name="signed in for the feedback summary")
    staff.visit(f"/book/manage/activities/{activity}/feedback", name="the feedback summary")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Feedback: {title}")
    expect(page.get_by_text(WORDS).first).to_be_visible()
    expect(page.get_by_text("4.0 out of 5").first).to_be_visible()
    expect(page.get_by_text("Dai")).to_have_count(0)  # sign_up's name: answers are anonymous
    page.get_by_role("radio", name="No, do not ask them").check()
    staff.submit("Save", name="asking turned off")
    expect(page.get_by_text("Done: people will not be asked how it went.")).to_be_visible()
