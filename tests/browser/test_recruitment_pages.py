"""Recruitment in a real browser: a coordinator drafts an activity from the form, opens it and
adds a partner's way in; someone signs up on the partner's page; the coordinator shortlists
them. Then a participant uses their own pages: change details, stop taking part, and delete
everything. Every page is checked with axe at full width and at 320 px (see conftest.py)."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from services.recruitment.activities.service_layer import activities
from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from services.recruitment.bootstrap import uow_factory
from services.recruitment.links.domain.links import MagicLink
from services.recruitment.signups.service_layer import signups
from services.recruitment.signups.service_layer.signups import SignUpForActivity
from shared.db import make_engine
from shared.magic_links import link_url
from shared.vocabulary.recruitment import LINK_LIFETIMES as PURPOSES
from tests.browser.conftest import BrowserStack, Tab, create_admin

EMAIL = "rhian.recruiter@example.org"
PASSWORD = "a browser test password for recruitment"


@pytest.fixture(scope="module")
def admin(browser_stack: BrowserStack) -> str:
    return create_admin(browser_stack, EMAIL, "Rhian Recruiter", PASSWORD)


@functools.cache
def _uows(database_url: str) -> Callable[[], RecruitmentUnitOfWork]:
    return uow_factory(make_engine(database_url))


def uow(stack: BrowserStack) -> RecruitmentUnitOfWork:
    return _uows(stack.env["RECRUITMENT_DATABASE_URL"])()


def test_a_coordinator_sets_up_an_activity_and_someone_signs_up(
    tab: Tab, browser_stack: BrowserStack, admin: str
) -> None:
    title = f"Better hospital letters {uuid.uuid4().hex[:6]}"
    code = f"LIB{uuid.uuid4().hex[:6].upper()}"
    page = tab.page
    tab.visit("/staff/sign-in")
    page.get_by_label("Email address").fill(admin)
    page.get_by_label("Password").fill(PASSWORD)
    tab.submit("Sign in", name="signed in")

    tab.visit("/join/manage", name="activities")
    tab.submit(page.get_by_role("button", name="Create an activity"), name="the form")
    tab.submit("Save as a draft", status=400, name="the form with errors")
    expect(page.get_by_text("Enter a title.").first).to_be_visible()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Why it matters, in plain words").fill("Help us write clearer letters.")
    page.get_by_label("Workshop").check()
    page.get_by_label("In person").check()
    page.get_by_label("How many people you want from each group (optional)").fill("place:LS7 = 4")
    page.get_by_label("Payment in pounds (0 if unpaid)").fill("25")
    tab.submit("Save as a draft", name="the activity")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    tab.submit("Open for sign-ups", name="opened")
    page.get_by_label("Kind of way in").select_option("partner_link")
    page.get_by_label("Code", exact=True).fill(code)
    page.get_by_label("Partner organisation (for partner links)").fill("Leeds Library")
    tab.submit("Add a way in", name="a way in added")
    expect(page.get_by_text("Way in added.")).to_be_visible()

    tab.visit(f"/join/{code}", name="the public page")
    expect(page.get_by_text("We pay £25.00 an hour for your time.")).to_be_visible()
    page.get_by_label("What should we call you?").fill("Iolo")
    page.get_by_label("Mobile number (optional)").fill("07911 123456")
    page.get_by_label("Text message").check()
    page.get_by_label("Step-free access").check()
    tab.submit("Sign up", status=400, name="sign-up without agreeing")
    expect(page.get_by_text("Tick the box to say you agree.").first).to_be_visible()
    page.get_by_label("I agree to take part.", exact=False).check()
    tab.submit("Sign up", name="signed up")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for signing up")

    tab.visit("/join/manage", name="activities again")
    tab.submit(page.get_by_role("link", name=title), name="the people")
    page.get_by_label("Choose Iolo").check()
    tab.submit("Shortlist the people ticked", name="shortlisted")
    expect(page.get_by_text("1 shortlisted.")).to_be_visible()


def test_a_participant_changes_details_stops_and_is_forgotten(
    tab: Tab, browser_stack: BrowserStack
) -> None:
    activity_id = activities.create_activity(
        activities.DescribeActivity(
            "Pharmacy hours", "Tell us when.", "survey", ["online"], {}, {}
        ),
        "browser",
        uow(browser_stack),
    )
    activities.set_status(activity_id, "open", uow(browser_stack))
    email = f"browser-{uuid.uuid4().hex[:10]}@example.com"
    signed_up = signups.sign_up_for_activity(
        SignUpForActivity("Nia", None, email, "email", "en", "2026-11", activity_id=activity_id),
        uow(browser_stack),
    )
    link = MagicLink.issue(
        signed_up.participant_id, "me", "email", PURPOSES["me"], datetime.now(UTC)
    )
    with uow(browser_stack) as unit:
        unit.links.add(link)
        unit.commit()
    url = link_url(browser_stack.base_url, browser_stack.env["SECRET_KEY"], link.id, "me")
    page = tab.page
    tab.visit(url, name="open your page")
    tab.submit("Continue", name="your page")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Nia")
    tab.submit(page.get_by_role("link", name="Change your details"), name="change details")
    page.get_by_label("Postcode (optional)").fill("nowhere")
    tab.submit("Save changes", status=400, name="a bad postcode")
    page.get_by_label("Postcode (optional)").fill("ls7 3ex")
    page.get_by_label("Large print").check()
    tab.submit("Save changes", name="details saved")
    expect(page.get_by_text("Your details are saved.")).to_be_visible()
    expect(page.get_by_text("LS7 3EX")).to_be_visible()
    tab.submit(page.get_by_role("link", name="Stop taking part"), name="stop taking part")
    tab.submit("Confirm", name="stopped")
    expect(page.get_by_text("You have stopped taking part.")).to_be_visible()
    tab.submit(page.get_by_role("link", name="Delete your details"), name="delete")
    tab.submit("Delete my details", status=400, name="delete without ticking")
    page.get_by_label("I understand. Delete my details.").check()
    tab.submit("Delete my details", name="deleted")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your details are being deleted")
