"""Equality questions and the reach chart in a real browser: a participant answers optional
questions from their magic-link page; a coordinator sees sign-ups against targets as a chart
with a table and the gaps. Every page is checked with axe at full width and 320 px."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from urllib.parse import urlsplit

from playwright.sync_api import expect

from services.recruitment.activities.service_layer import activities
from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from services.recruitment.bootstrap import uow_factory
from services.recruitment.links.service_layer import links
from services.recruitment.participants.domain.model import Profile
from services.recruitment.signups.service_layer import signups
from shared.db import make_engine
from shared.magic_links import link_url
from tests.browser.conftest import BrowserStack, Tab, create_admin
from tests.e2e.test_thin_journey import unique_mobile

PASSWORD = "a browser test password for reach"


def recruitment(stack: BrowserStack) -> Callable[[], RecruitmentUnitOfWork]:
    return uow_factory(make_engine(stack.env["RECRUITMENT_DATABASE_URL"]))


def an_open_activity(uow: Callable[[], RecruitmentUnitOfWork], title: str) -> str:
    command = activities.DescribeActivity(
        title=title,
        purpose="Tell us what makes booking a GP appointment hard.",
        approach="focus_group",
        formats=["in_person"],
        audience={"places": ["LS7"], "targets": {"place:LS7": 10, "channel:sms": 2}},
        offer={"rate_pence": 2500, "rate_unit": "hour"},
    )
    activity_id = activities.create_activity(command, str(uuid.uuid4()), uow())
    code = f"B{uuid.uuid4().hex[:6].upper()}"
    activities.add_channel(activity_id, "sms", code, None, uow())
    activities.set_status(activity_id, "open", uow())
    return activity_id


def someone_signs_up(uow: Callable[[], RecruitmentUnitOfWork], activity_id: str) -> str:
    email = f"browser-{uuid.uuid4().hex[:12]}@example.com"
    command = signups.SignUpForActivity(
        preferred_name="Bea",
        phone=unique_mobile(),
        email=email,
        preferred_channel="email",
        language="en",
        consent_version="2026-11",
        profile=Profile(postcode="LS7 3EX", age_band="65-74"),
        activity_id=activity_id,
    )
    signups.sign_up_for_activity(command, uow())
    return email


def test_a_participant_answers_the_equality_questions(
    tab: Tab, browser_stack: BrowserStack
) -> None:
    uow = recruitment(browser_stack)
    email = someone_signs_up(uow, an_open_activity(uow, "Equality in a browser"))
    link_id = links.request_link(email, "me", uow())
    assert link_id is not None
    secret = browser_stack.env["SECRET_KEY"]
    page = tab.page
    tab.visit(link_url(browser_stack.base_url, secret, link_id, "me"), name="open your page")
    tab.submit("Continue", name="your page")
    assert urlsplit(page.url).path == "/join/me"

    # With one organisation, the old path goes straight to its form.
    tab.visit("/join/me/equality", name="equality questions")
    assert urlsplit(page.url).path.endswith("/equality")
    assert urlsplit(page.url).path.startswith("/join/me/organisations/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Questions about you for ")
    page.get_by_role("group", name="What is your sex?").get_by_label("Female").check()
    page.get_by_role("group", name="What is your religion?").get_by_label(
        "Prefer not to say"
    ).check()
    page.get_by_label("Asian: Indian").check()
    tab.submit("Save my answers", name="answers saved")
    expect(page.get_by_text("Thank you. Your answers are saved.")).to_be_visible()
    expect(page.get_by_label("Asian: Indian")).to_be_checked()
    tab.submit("Delete my answers", name="answers deleted")
    expect(page.get_by_text("Your answers are deleted.")).to_be_visible()


def test_a_coordinator_sees_reach_against_targets(tab: Tab, browser_stack: BrowserStack) -> None:
    email = create_admin(
        browser_stack, f"reach-{uuid.uuid4().hex[:8]}@example.org", "Ria", PASSWORD
    )
    uow = recruitment(browser_stack)
    activity_id = an_open_activity(uow, "Reach in a browser")
    for _ in range(3):
        someone_signs_up(uow, activity_id)

    page = tab.page
    tab.visit("/staff/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    tab.submit("Sign in", name="signed in for reach")
    tab.visit(f"/join/manage/activities/{activity_id}/reach", name="reach")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Who we have reached")
    expect(page.get_by_text("Place: LS7: 3 of 10 signed up, 7 short")).to_be_visible()
    expect(
        page.get_by_role("img", name="Sign-ups and took part against each target")
    ).to_be_visible()
    table = page.get_by_role("table", name="Sign-ups and took part against each target")
    expect(table.get_by_role("row")).to_have_count(3)  # the heading row and two targets
