"""Recruitment's pages that join the product up, in a real browser with axe at full width and
at 320 px (see conftest.py): a coordinator keeps the do-not-contact list on the page; a
participant opens a message link, finds every action and data download on their page, reads
their data, and gets a new link when the old one is used."""

from __future__ import annotations

import json
import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from services.recruitment.activities.service_layer import activities
from services.recruitment.signups.service_layer import signups
from services.recruitment.signups.service_layer.signups import SignUpForActivity
from shared.bus.tables import outbox
from shared.magic_links import message_link_url
from tests.browser.conftest import BrowserStack, Tab, create_admin
from tests.browser.test_recruitment_pages import uow

EMAIL = "dara.dnc@example.org"
PASSWORD = "a browser test password for the do-not-contact list"


@pytest.fixture(scope="module")
def admin(browser_stack: BrowserStack) -> str:
    return create_admin(browser_stack, EMAIL, "Dara Coordinator", PASSWORD)


def someone(stack: BrowserStack, name: str) -> tuple[str, str]:
    describe = activities.DescribeActivity("Clinic signs", "Tell us.", "survey", ["online"], {}, {})
    activity_id = activities.create_activity(describe, "browser", uow(stack))
    activities.set_status(activity_id, "open", uow(stack))
    email = f"browser-{uuid.uuid4().hex[:10]}@example.com"
    signed_up = signups.sign_up_for_activity(
        SignUpForActivity(name, None, email, "email", "en", "2026-11", activity_id=activity_id),
        uow(stack),
    )
    return signed_up.participant_id, email


def test_a_coordinator_keeps_the_do_not_contact_list_on_the_page(
    tab: Tab, browser_stack: BrowserStack, admin: str
) -> None:
    name = f"Gwen {uuid.uuid4().hex[:4]}"
    _, email = someone(browser_stack, name)
    page = tab.page
    tab.visit("/staff/sign-in")
    page.get_by_label("Email address").fill(admin)
    page.get_by_label("Password").fill(PASSWORD)
    tab.submit("Sign in", name="signed in")
    tab.visit("/join/manage", name="activities")
    tab.submit(page.get_by_role("link", name="The do-not-contact list"), name="the list")
    tab.submit("Add to the list", status=400, name="nothing typed")
    expect(
        page.get_by_text("Enter their mobile number, like 07123 456789, or email.").first
    ).to_be_visible()
    page.get_by_label("Their mobile number or email address").fill("nobody-at-all@example.com")
    tab.submit("Add to the list", status=404, name="nobody with that address")
    expect(
        page.get_by_text("Nobody has signed up with this number or email address.").first
    ).to_be_visible()
    page.get_by_label("Their mobile number or email address").fill(email)
    tab.submit("Add to the list", name="added")
    expect(
        page.get_by_text("Added to your organisation's do-not-contact list.", exact=False)
    ).to_be_visible()
    expect(page.get_by_role("cell", name=name, exact=True)).to_be_visible()
    tab.submit(page.get_by_role("button", name=f"Take off the list {name}"), name="taken off")
    expect(page.get_by_text("Taken off the list. They can be invited again.")).to_be_visible()
    expect(page.get_by_role("cell", name=name, exact=True)).to_have_count(0)


def test_a_participant_finds_every_action_and_download_and_gets_a_new_link(
    tab: Tab, browser_stack: BrowserStack
) -> None:
    participant_id, _ = someone(browser_stack, "Nerys")
    secret = browser_stack.env["SECRET_KEY"]
    url = message_link_url(
        browser_stack.base_url, secret, participant_id, "me", "email", "/join/me"
    )
    page = tab.page
    tab.visit(url, name="open the message link")
    tab.submit("Continue", name="your page")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Nerys")
    for path in ("/book", "/pay", "/pay/expenses"):
        expect(page.locator(f'a[href="{path}"]')).to_have_count(1)
    for path in ("/join/me/data", "/book/me/data", "/pay/me/data", "/messages/me/data"):
        expect(page.locator(f'a[href="{path}"]')).to_have_count(1)
        expect(page.locator(f'a[href="{path}.json"]')).to_have_count(1)
    tab.submit(page.locator('a[href="/join/me/data"]'), name="your data")
    expect(page.get_by_role("heading", level=1)).to_have_text("What we hold about you")
    expect(page.get_by_text("Taking part: agreed", exact=False)).to_be_visible()

    tab.visit(url, name="the link again")
    tab.submit("Continue", status=410, name="used")
    expect(page.get_by_text("It has already been used.", exact=False)).to_be_visible()
    tab.submit("Send me a new link", name="a new link sent")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your phone or email")
    with uow(browser_stack) as unit:
        rows = unit.session.execute(
            select(outbox.c.payload).where(
                outbox.c.event_type == "MagicLinkIssued", outbox.c.key == participant_id
            )
        ).scalars()
        sent = [json.loads(row)["data"] for row in rows]
    assert [(link["purpose"], link["channel"]) for link in sent] == [("me", "email")]
