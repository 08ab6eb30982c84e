"""nginx's own 429 page (shared/pages/static/too-many-requests.html, served by the proxy when an
address sends too much): checked like every page, with axe and at 320 px. The app's own 429
page is the shared error page (errors/error.html), checked with the other error pages."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Tab


def test_the_proxy_too_many_requests_page_is_plain_english_and_welsh(tab: Tab) -> None:
    tab.visit("/assets/chorus/too-many-requests.html", name="too many requests (nginx)")
    expect(tab.page.get_by_role("heading", level=1)).to_have_text(
        "You have tried this too many times"
    )
    welsh = tab.page.locator('[lang="cy"]')
    expect(welsh.get_by_role("heading", level=2)).to_have_text(
        "Rydych chi wedi rhoi cynnig ar hyn ormod o weithiau"
    )
