"""Staff sign-in in a real browser through the public address: the error summary, the generic
refusal, signing in and out with the header button, a form whose CSRF token is gone, and the
public pages. Every page is checked with axe, at 320 px, and screenshotted (see conftest.py)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BrowserStack, Tab, create_admin

EMAIL = "alex.browser@example.org"
NAME = "Alex Browser"
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def admin(browser_stack: BrowserStack) -> str:
    return create_admin(browser_stack, EMAIL, NAME, PASSWORD)


def path_of(tab: Tab) -> str:
    return urlsplit(tab.page.url).path


def fill_in(tab: Tab, email: str, password: str) -> None:
    tab.page.get_by_label("Email address").fill(email)
    tab.page.get_by_label("Password").fill(password)


def test_a_member_of_staff_signs_in_and_out(tab: Tab, admin: str) -> None:
    page = tab.page
    tab.visit("/staff", name="staff sends you to sign in")
    assert path_of(tab) == "/staff/sign-in"
    assert parse_qs(urlsplit(page.url).query) == {"next": ["/staff"]}
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")

    tab.submit("Sign in", status=400, name="sign in with nothing filled in")
    assert page.title().startswith("Error:"), page.title()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    links = summary.get_by_role("link")
    assert [link.get_attribute("href") for link in links.all()] == ["#email", "#password"]
    # Each message is also next to its field, and the summary's link takes you to the field.
    expect(page.locator("#email-error")).to_contain_text(links.nth(0).inner_text())
    expect(page.locator("#password-error")).to_contain_text(links.nth(1).inner_text())
    links.nth(1).click()
    expect(page.locator("#password")).to_be_focused()

    fill_in(tab, admin, "not the password")
    tab.submit("Sign in", status=401, name="sign in with the wrong password")
    assert page.title().startswith("Error:"), page.title()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        "The email address or password is wrong, or the account is locked for 15 minutes."
    )

    fill_in(tab, admin, PASSWORD)
    tab.submit("Sign in", name="signed in")
    assert path_of(tab) == "/staff"
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello {NAME}")

    # An admin creates a coordinator's account: the checkboxes, the breadcrumbs, the table.
    tab.visit("/staff/accounts/new", name="create an account")
    page.get_by_label("Name").fill("Cora Coordinator")
    page.get_by_label("Email address").fill("cora@example.org")
    page.get_by_label("First password").fill("a long enough password")
    page.get_by_label("Coordinator").check()
    tab.submit("Create account", name="account created")
    assert path_of(tab) == "/staff/accounts"
    expect(page.locator("table")).to_contain_text("Cora Coordinator")
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text("Staff")

    tab.submit(page.get_by_role("banner").get_by_role("button", name="Sign out"), name="signed out")
    assert path_of(tab) == "/staff/sign-in"
    # NHS.UK's inset text starts with a visually hidden "Information:" (nhsuk-frontend-jinja)
    expect(page.locator(".nhsuk-inset-text")).to_have_text("Information: You are signed out.")
    tab.visit("/staff", name="staff sends you to sign in again")
    assert path_of(tab) == "/staff/sign-in"


def test_a_form_without_its_csrf_token_has_expired(tab: Tab, admin: str) -> None:
    page = tab.page
    tab.visit("/staff/sign-in")
    fill_in(tab, admin, PASSWORD)
    token = page.locator("form[action='/staff/sign-in'] input[name='csrf_token']")
    assert token.input_value()
    token.evaluate("input => { input.value = '' }")
    tab.submit("Sign in", status=400, name="form has expired")
    expect(page.get_by_role("heading", level=1)).to_have_text("This form has expired")
    tab.visit("/staff", name="still signed out")
    assert path_of(tab) == "/staff/sign-in"


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        pytest.param("/", 200, "Help shape health services", id="home"),
        pytest.param("/privacy", 200, None, id="privacy"),
        pytest.param("/accessibility", 200, None, id="accessibility"),
        pytest.param("/no-such-page", 404, "Page not found", id="not-found"),
        pytest.param("/staff/sign-in?lang=cy", 200, None, id="welsh-sign-in"),
    ],
)
def test_public_pages(tab: Tab, path: str, status: int, heading: str | None) -> None:
    tab.visit(path, status=status)
    if heading:
        expect(tab.page.get_by_role("heading", level=1)).to_have_text(heading)
    language = parse_qs(urlsplit(path).query).get("lang", ["en"])[0]
    expect(tab.page.locator("html")).to_have_attribute("lang", language)


def test_an_admin_changes_roles_then_disables_and_enables_an_account(tab: Tab, admin: str) -> None:
    """Issue #14 item 10: the account page, in English and Welsh, axe-checked at both widths."""
    page = tab.page
    tab.visit("/staff/sign-in")
    fill_in(tab, admin, PASSWORD)
    tab.submit("Sign in")
    tab.visit("/staff/accounts/new")
    page.get_by_label("Name").fill("Dora Disabled")
    page.get_by_label("Email address").fill("dora@example.org")
    page.get_by_label("First password").fill("a long enough password")
    page.get_by_label("Coordinator").check()
    page.get_by_label("Finance approver").check()
    tab.submit("Create account")

    page.get_by_role("link", name="Dora Disabled").click()
    page.wait_for_load_state("load")
    account = urlsplit(page.url).path
    tab.visit(account, name="change a staff account")
    expect(page.get_by_role("heading", level=1)).to_have_text("Change a staff account")
    page.get_by_label("Coordinator").uncheck()
    page.get_by_label("Finance approver").uncheck()
    tab.submit("Save changes", status=400, name="no role chosen")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose at least one role.")
    page.get_by_label("Finance approver").check()
    tab.submit("Save changes", name="roles saved")
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("Saved the changes")
    row = page.get_by_role("row").filter(has_text="Dora Disabled")
    expect(row).to_contain_text("Finance approver")
    expect(row).not_to_contain_text("Coordinator")

    tab.visit(account)
    tab.submit("Disable account", name="account disabled")
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("signed out everywhere")
    expect(page.get_by_role("row").filter(has_text="Dora Disabled")).to_contain_text("Disabled")
    tab.visit(f"{account}?lang=cy", name="disabled account in Welsh")
    expect(page.get_by_role("heading", level=1)).to_have_text("Newid cyfrif staff")
    tab.submit("Galluogi'r cyfrif", name="account enabled in Welsh")
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("Gall Dora Disabled fewngofnodi eto.")
    tab.visit("/staff/accounts?lang=en")
