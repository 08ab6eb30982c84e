"""A participant reads what notifications holds about them, in Chromium with axe at full width
and 320 px: signed in from a real link, their welcome and link emails listed, never the words."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import requests
from playwright.sync_api import expect

from tests.browser.conftest import BrowserStack, Tab
from tests.browser.test_magic_link import link_in_mailpit
from tests.e2e.test_thin_journey import unique_mobile
from tests.support import wait_until


def test_a_participant_reads_the_messages_we_sent_them(
    open_tab: Callable[[], Tab], browser_stack: BrowserStack, messaging: None
) -> None:
    email = f"browser-{uuid.uuid4().hex[:12]}@example.com"
    signed_up = requests.post(
        f"{browser_stack.base_url}/api/recruitment/participants",
        json={
            "preferred_name": "Bea",
            "phone": unique_mobile(),
            "email": email,
            "preferred_channel": "email",
            "consent": True,
            "consent_version": "2026-11",
        },
        timeout=10,
    )
    assert signed_up.status_code == 201, signed_up.text
    tab = open_tab()
    page = tab.page
    tab.visit("/join/link")
    page.get_by_label("Your mobile number or email address").fill(email)
    tab.submit("Send me a link", name="link sent for my messages")
    link = wait_until(
        lambda: link_in_mailpit(email, browser_stack.base_url), timeout=60, interval=0.5
    )
    tab.visit(link, name="open your page for my messages")
    tab.submit("Continue", name="your page before my messages")

    tab.visit("/messages/me/data", name="the messages we sent you")
    expect(page.get_by_role("heading", level=1)).to_have_text("Messages we sent you")
    expect(page.get_by_role("cell", name="Welcome to Chorus").first).to_be_visible()  # sms, email
    expect(page.get_by_role("cell", name="A link to sign in")).to_be_visible()
    assert "Thank you for joining Chorus" not in page.content()  # the record, not the words

    tab.visit("/messages/me/data?lang=cy", name="the messages we sent you in Welsh")
    expect(page.get_by_role("heading", level=1)).to_have_text("Negeseuon a anfonwyd atoch")
