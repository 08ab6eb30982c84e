"""An advisory panel's pages in a real browser: the member's page from a real "book" link (say
yes to joining, then yes to a meeting, with a refusal first), and the coordinator's panel page
(members by name with their terms, meetings with who is coming, renewing a term to a chosen day
with a mistake first, the series form with a mistake). Every page is checked with axe at full
width and at 320 px (see conftest.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time

import pytest
from playwright.sync_api import expect

from services.scheduling.bootstrap import uow_factory
from services.scheduling.panels import service_layer as panels
from services.scheduling.panels.commands import CreatePanel, InviteMembers, ScheduleSeries
from services.scheduling.panels.domain import Series
from shared.db import make_engine
from tests.browser.conftest import BrowserStack, Tab, create_admin
from tests.browser.test_booking_pages import open_book_link, sign_up

EMAIL = "pat.panels@example.org"
PASSWORD = "a browser test password for panels"


@pytest.fixture(scope="module")
def admin(browser_stack: BrowserStack) -> str:
    return create_admin(browser_stack, EMAIL, "Pat Panels", PASSWORD)


def test_a_member_joins_and_says_yes_and_the_coordinator_sees_it(
    open_tab: Callable[[], Tab], browser_stack: BrowserStack, messaging: None, admin: str
) -> None:
    email = f"browser-panel-{uuid.uuid4().hex[:12]}@example.com"
    member = sign_up(browser_stack, email)
    activity, title = str(uuid.uuid4()), f"Heart health panel {uuid.uuid4().hex[:6]}"
    uows = uow_factory(make_engine(browser_stack.env["SCHEDULING_DATABASE_URL"]))
    with uows() as uow:  # as recruitment's ParticipantInvited and names tell scheduling
        uow.dialogue.invited(member, activity, datetime.now(UTC))
        uow.names.save_participant(member, "Dai Panel")
        uow.commit()
    where = "Leeds Civic Hall, LS1 1UR"
    panels.create_panel(
        CreatePanel(activity, title, "in_person", where, ("step_free",), None), uows()
    )
    year = datetime.now(UTC).year + 1
    term = InviteMembers(activity, (member,), date(year, 1, 1), date(year, 12, 31))
    panels.invite_members(term, uows())

    tab = open_book_link(open_tab, browser_stack, email)
    page = tab.page
    tab.visit(f"/book/panels/{activity}", name="the invitation to join")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    tab.submit("Send my answer", status=400, name="no answer chosen")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_label("Yes, I would like to join").check()
    tab.submit("Send my answer", name="joined")
    expect(page.get_by_text("You are on the panel.")).to_be_visible()

    series = Series(2, 1, time(18, 0), 120, date(year, 9, 1), 3)
    panels.schedule_series(ScheduleSeries(activity, series, 20), uows())
    # A member is asked about a meeting as it comes near (hourly): as on 1 September.
    assert panels.ask_members(uows(), datetime(year, 9, 1, 9, tzinfo=UTC)) >= 1  # ours, at least
    tab.visit(f"/book/panels/{activity}", name="the meetings to answer")
    page.get_by_label("Yes, I can come").first.check()
    tab.submit(page.get_by_role("button", name="Send my answer").first, name="coming")
    expect(page.get_by_text("You said you are coming.")).to_be_visible()
    tab.visit(f"/book/panels/{activity}?lang=cy", name="the member's page in Welsh")
    expect(page.get_by_role("heading", name="Gadael y panel")).to_be_visible()

    staff = open_tab()
    staff.visit("/staff/sign-in")
    staff.page.get_by_label("Email address").fill(admin)
    staff.page.get_by_label("Password").fill(PASSWORD)
    staff.submit("Sign in", name="signed in for panels")
    staff.visit(f"/book/manage/panels/{activity}", name="the panel's page")
    expect(staff.page.get_by_role("cell", name="Dai Panel").first).to_be_visible()
    expect(staff.page.get_by_text(f"1 January {year} to 31 December {year}")).to_be_visible()
    expect(staff.page.get_by_role("link", name="Renew or end").first).to_be_visible()
    staff.visit(f"/book/manage/panels/{activity}/members/{member}/renew", name="renewing a term")
    staff.submit("Save", status=400, name="renewing with nothing chosen")
    expect(staff.page.get_by_role("heading", name="There is a problem")).to_be_visible()
    staff.page.get_by_label("Renew the term").check()  # to the day suggested: a year on
    staff.submit("Save", name="the term renewed")
    expect(staff.page.get_by_text("Done: the term is renewed.")).to_be_visible()
    expect(staff.page.get_by_text(f"1 January {year} to 31 December {year + 1}")).to_be_visible()
    staff.page.get_by_label("First month").fill("September")
    staff.submit("Add the meetings", status=400, name="a series with a mistake")
    expect(staff.page.get_by_role("heading", name="There is a problem")).to_be_visible()
    staff.visit("/book/manage/panels/new", name="a new panel")
    expect(staff.page.get_by_role("heading", level=1)).to_have_text("Start a panel")
