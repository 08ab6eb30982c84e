"""A contributor's history in a real browser: the person writes how they like to be contacted
on their own page (a note too long first), then a coordinator opens them by name from the
activity's page and reads their history, oldest first, with the note. Every page is checked
with axe at full width and at 320 px, and screenshotted (see conftest.py)."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from services.recruitment.activities.service_layer import activities
from services.recruitment.adapters.orm import start_mappers
from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from services.recruitment.history import domain
from services.recruitment.history.commands import NoteFact
from services.recruitment.history.service_layer import note_fact
from services.recruitment.links.domain.links import MagicLink
from services.recruitment.signups.service_layer import signups
from services.recruitment.signups.service_layer.signups import SignUpForActivity
from shared.db import make_engine, make_session_factory
from shared.magic_links import link_url
from shared.tenancy import enter_organisation, leave_organisation
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from shared.vocabulary.recruitment import LINK_LIFETIMES as PURPOSES
from tests.browser.conftest import BrowserStack, Tab, create_admin

EMAIL = "hana.history@example.org"
PASSWORD = "a browser test password for history"
NOTE = "Call after 4pm. My daughter helps me read texts."


@pytest.fixture(scope="module")
def admin(browser_stack: BrowserStack) -> str:
    return create_admin(browser_stack, EMAIL, "Hana History", PASSWORD)


def test_a_person_writes_their_note_and_a_coordinator_reads_their_history(
    tab: Tab, browser_stack: BrowserStack, admin: str
) -> None:
    start_mappers()
    sessions = make_session_factory(make_engine(browser_stack.env["RECRUITMENT_DATABASE_URL"]))
    uows = lambda: RecruitmentUnitOfWork(sessions)  # noqa: E731
    tag = uuid.uuid4().hex[:6]
    title = f"Clinic letters {tag}"
    enter_organisation(FIRST_ORGANISATION_ID)
    try:
        what = activities.DescribeActivity(
            title, "So letters are clear.", "survey", ["online"], {}, {}
        )
        activity_id = activities.create_activity(what, None, uows())
        activities.set_status(activity_id, "open", uows())
    finally:
        leave_organisation()
    name = f"Nia {tag}"
    person = signups.sign_up_for_activity(
        SignUpForActivity(name, None, f"nia-{tag}@example.com", "email", "en", "2026-11",
                          activity_id=activity_id),
        uows(),
    )  # fmt: skip
    pid = person.participant_id
    # What scheduling, payments and notifications would have told recruitment.
    start = datetime.now(UTC) + timedelta(minutes=5)
    booking, entitlement = str(uuid.uuid4()), str(uuid.uuid4())
    for n, fact in enumerate(
        [
            domain.Fact(pid, domain.BOOKED, start, activity_id, booking,
                        details={"starts_at": (start + timedelta(days=2)).isoformat()}),
            domain.Fact(pid, domain.MESSAGE, start, activity_id, str(uuid.uuid4()),
                        FIRST_ORGANISATION_ID,
                        {"channel": "sms", "template": "booking_confirmed", "status": "sent"}),
            domain.Fact(pid, domain.ATTENDANCE, start, activity_id, booking,
                        details={"outcome": "attended", "minutes": 90}),
            domain.Fact(pid, domain.PAID, start, activity_id, entitlement,
                        details={"amount_pence": 2500}),
        ]
    ):  # fmt: skip
        note_fact(NoteFact(dataclasses.replace(fact, at=start + timedelta(hours=n))), uows())
    link = MagicLink.issue(pid, "me", "email", PURPOSES["me"], datetime.now(UTC))
    with uows() as unit:
        unit.links.add(link)
        unit.commit()

    page = tab.page
    tab.visit(link_url(browser_stack.base_url, browser_stack.env["SECRET_KEY"], link.id, "me"),
              name="open the link")  # fmt: skip
    tab.submit("Continue", name="your page without a note")
    expect(page.get_by_role("heading", name="How you like us to contact you")).to_be_visible()
    tab.submit(page.get_by_role("link", name="Add a note"), name="the contact note form")
    page.get_by_label("Your note (optional)").fill("x" * 501)
    tab.submit("Save your note", status=400, name="a note too long")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_label("Your note (optional)").fill(NOTE)
    tab.submit("Save your note", name="your page with the note")
    expect(page.get_by_text("Your details are saved.")).to_be_visible()
    expect(page.get_by_text(NOTE)).to_be_visible()
    tab.visit("/join/me/contact-note?lang=cy", name="the contact note form in Welsh")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sut rydych chi\u2019n hoffi i ni gysylltu â chi"
    )

    page.context.clear_cookies()  # now the coordinator, in the same browser
    tab.visit("/staff/sign-in?lang=en")
    page.get_by_label("Email address").fill(admin)
    page.get_by_label("Password").fill(PASSWORD)
    tab.submit("Sign in", name="signed in for the history")
    tab.visit(f"/join/manage/activities/{activity_id}", name="the activity's people")
    tab.submit(page.get_by_role("link", name=f"{name} (their history)"), name="her history")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_text(NOTE)).to_be_visible()
    rows = page.locator("tbody tr")
    whats = [rows.nth(i).locator("td").nth(1).inner_text() for i in range(rows.count())]
    whats = [w.split("\n")[-1].strip() for w in whats]  # the responsive table's hidden heading
    assert whats[-4:] == ["Booked a place", "Message", "Attendance recorded", "Paid"]
    assert set(whats[:-4]) == {"Signed up", "Agreed to take part"}
    expect(page.get_by_text("text message, booking confirmed: sent")).to_be_visible()
    expect(page.get_by_text("£25.00")).to_be_visible()
    tab.visit(f"/join/manage/people/{pid}?lang=cy", name="her history in Welsh")
    expect(
        page.get_by_role("heading", name="Sut maen nhw\u2019n hoffi i ni gysylltu â nhw")
    ).to_be_visible()
    tab.visit(f"/join/manage/people/{uuid.uuid4()}?lang=en", status=404, name="nobody")
