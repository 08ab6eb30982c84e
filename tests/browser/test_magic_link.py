"""A participant gets in with a magic link in a real browser: ask for it, receive it by email
(the real SMTP round trip: recruitment's outbox, Kafka, notifications' consumer, Mailpit), open it,
see their page; the same link refuses a second use. Every page is checked (see conftest.py)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from urllib.parse import urlsplit

import requests
from playwright.sync_api import expect

from tests.browser.conftest import BrowserStack, Tab
from tests.e2e.test_thin_journey import unique_mobile
from tests.support import MAILPIT_API, wait_until


def link_in_mailpit(email: str, base_url: str) -> str | None:
    """The sign-in link sent to email, pointing at our stack (a `make run` consumer on the same
    broker may send its own email for the same event, with a link to its own address)."""
    found = requests.get(
        f"{MAILPIT_API}/search", params={"query": f'to:"{email}"'}, timeout=5
    ).json()
    for message in found["messages"]:
        text = requests.get(f"{MAILPIT_API}/message/{message['ID']}", timeout=5).json()["Text"]
        link = re.search(rf"{re.escape(base_url)}/join/link/me/\S+", text)
        if link:
            return link.group(0)
    return None


def test_a_participant_opens_their_page_with_a_link_once(
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
    tab.submit("Send me a link", name="link sent")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your phone or email")

    link = wait_until(
        lambda: link_in_mailpit(email, browser_stack.base_url),
        timeout=60,
        interval=0.5,
        what=f"an email to {email} in Mailpit with a link to {browser_stack.base_url}",
    )
    tab.visit(link, name="open your page")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open your page")
    tab.submit("Continue", name="your page")
    assert urlsplit(page.url).path == "/join/me"
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Bea")

    again = open_tab()
    again.visit(link, name="open the link again")
    again.submit("Continue", status=410, name="the link was used")
    expect(again.page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    expect(again.page.get_by_text("It has already been used.")).to_be_visible()
