"""Notifications' pages in a real browser: the coordinators' message log (and its search
errors), the development outbox and the SMS simulator, each checked with axe at full width and
at 320 px (see conftest.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BrowserStack, Tab, create_admin

EMAIL = "morgan.messages@example.org"
PASSWORD = "a browser test password"


@pytest.fixture(scope="module")
def admin(browser_stack: BrowserStack) -> str:
    return create_admin(browser_stack, EMAIL, "Morgan Messages", PASSWORD)


def test_the_message_log_and_its_search(tab: Tab, admin: str) -> None:
    page = tab.page
    tab.visit("/staff/sign-in")
    page.get_by_label("Email address").fill(admin)
    page.get_by_label("Password").fill(PASSWORD)
    tab.submit("Sign in", name="signed in for the message log")

    tab.visit("/messages/log", name="message log")
    expect(page.get_by_role("heading", level=1)).to_have_text("Message log")

    page.get_by_label("Activity ID").fill("GP survey")
    tab.submit("Search", status=400, name="message log with a malformed activity id")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter the ID exactly as it appears")
    expect(page.locator("#activity-error")).to_be_visible()


@pytest.mark.parametrize("path", ["/messages/outbox", "/messages/simulator"])
def test_development_pages(tab: Tab, path: str) -> None:
    tab.visit(path)
    expect(tab.page.get_by_role("heading", level=1)).to_be_visible()


def test_staff_choose_what_they_are_emailed_about(tab: Tab, admin: str) -> None:
    page = tab.page
    tab.visit("/staff/sign-in")
    page.get_by_label("Email address").fill(admin)
    page.get_by_label("Password").fill(PASSWORD)
    tab.submit("Sign in", name="signed in for email choices")

    tab.visit("/messages/staff/preferences", name="staff email choices")
    expect(page.get_by_role("heading", level=1)).to_have_text("What we email you about")
    budgets = page.get_by_label("Budgets at 80%")
    expect(budgets).to_be_checked()
    budgets.uncheck()
    tab.submit("Save my choices", name="staff email choices saved")
    expect(page.get_by_text("We have saved your choices.")).to_be_visible()
    expect(page.get_by_label("Budgets at 80%")).not_to_be_checked()
    expect(page.get_by_label("Budgets fully spent")).to_be_checked()

    tab.visit("/messages/staff/preferences?lang=cy", name="staff email choices in Welsh")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Beth rydyn ni\u2019n eich e-bostio amdano"
    )
