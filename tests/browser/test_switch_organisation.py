"""A coordinator with roles in two organisations, in a real browser: they sign in to the first
by name, see only its activities, switch on the staff home, and then see only the other's.
Every page is checked with axe, at 320 px, and screenshotted (see conftest.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import expect

from services.recruitment.activities.service_layer import activities
from services.recruitment.adapters.orm import start_mappers
from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from services.recruitment.organisations.commands import CreateOrganisation
from services.recruitment.organisations.domain.organisation import Details
from services.recruitment.organisations.service_layer import organisations
from services.recruitment.staff.adapters.passwords import Argon2Passwords
from services.recruitment.staff.service_layer.staff import create_staff
from shared.db import make_engine, make_session_factory
from shared.tenancy import enter_organisation, leave_organisation
from tests.browser.conftest import BrowserStack, Tab

PASSWORD = "correct horse battery staple"
EMAIL = "sam.two.hats@example.org"


def two_organisations(stack: BrowserStack) -> None:
    """Sam coordinates for both; each has one activity."""
    start_mappers()
    sessions = make_session_factory(make_engine(stack.env["RECRUITMENT_DATABASE_URL"]))
    uows = lambda: RecruitmentUnitOfWork(sessions)  # noqa: E731
    hospice = Details("Wheatfields Hospice", "WHEATFIELDS", "0113 496 0003")
    charity = Details("Age Concern Leeds", "AGECONCERN", "0113 496 0004")
    for details in (hospice, charity):
        organisation = organisations.create(CreateOrganisation(details, None), uows(), None)
        enter_organisation(organisation)  # as its admin would, signed in there
        try:
            create_staff(EMAIL, "Sam", PASSWORD, {"coordinator"}, None, uows(), Argon2Passwords())
            what = activities.DescribeActivity(
                f"{details.name}: your views", "So that we can do better.", "survey", ["online"],
                {}, {},
            )  # fmt: skip
            activities.create_activity(what, None, uows())
        finally:
            leave_organisation()


def test_a_coordinator_switches_organisation_and_sees_only_its_activities(
    tab: Tab, browser_stack: BrowserStack
) -> None:
    two_organisations(browser_stack)
    page = tab.page
    tab.visit("/staff/sign-in", name="sign in")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    tab.submit("Sign in", name="working in the first by name")
    expect(page.get_by_text("You are working in Age Concern Leeds.")).to_be_visible()

    tab.visit("/join/manage", name="the first organisation's activities")
    expect(page.locator("main")).to_contain_text("Age Concern Leeds: your views")
    expect(page.locator("main")).not_to_contain_text("Wheatfields Hospice: your views")

    tab.visit("/staff", name="staff home with the other organisation offered")
    page.get_by_label("Wheatfields Hospice").check()
    tab.submit("Switch organisation", name="switched")
    assert urlsplit(page.url).path == "/staff"
    expect(page.get_by_text("You are working in Wheatfields Hospice.")).to_be_visible()

    tab.visit("/join/manage", name="the other organisation's activities")
    expect(page.locator("main")).to_contain_text("Wheatfields Hospice: your views")
    expect(page.locator("main")).not_to_contain_text("Age Concern Leeds: your views")


def test_the_operator_follows_the_home_link_to_each_organisations_numbers(
    tab: Tab, browser_stack: BrowserStack
) -> None:
    start_mappers()
    sessions = make_session_factory(make_engine(browser_stack.env["RECRUITMENT_DATABASE_URL"]))
    sight = Details("Leeds Sight Loss Charity", "SIGHTLOSS", "0113 496 0005")
    organisations.create(CreateOrganisation(sight, None), RecruitmentUnitOfWork(sessions), None)
    operator = "operator@example.org"
    create_staff(
        operator, "Olu", PASSWORD, {"platform_admin"}, None, RecruitmentUnitOfWork(sessions),
        Argon2Passwords(),
    )  # fmt: skip
    page = tab.page
    tab.visit("/staff/sign-in", name="operator sign in")
    page.get_by_label("Email address").fill(operator)
    page.get_by_label("Password").fill(PASSWORD)
    tab.submit("Sign in", name="operator home")
    with page.expect_navigation() as followed:
        page.get_by_role("link", name="Organisations on Chorus").click()
    assert followed.value is not None
    tab.check(followed.value, name="the operator's numbers")
    main = page.locator("main")
    expect(main).to_contain_text("Leeds Sight Loss Charity")
    expect(main).not_to_contain_text(operator)  # numbers, never a person
