""" "You said, we did" in a real browser: a coordinator fills in the outcome form (a mistake is
named beside its box), saves a draft, publishes it, and the public page shows it; a participant
chooses "no updates" on their own page. Every page is checked with axe at full width and
320 px (Tab.visit and Tab.submit)."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from playwright.sync_api import expect

from services.recruitment.links.service_layer import links
from shared.magic_links import link_url
from tests.browser.conftest import BrowserStack, Tab, create_admin
from tests.browser.test_recruitment_reports import an_open_activity, recruitment, someone_signs_up

PASSWORD = "a browser test password for outcomes"


def follow(tab: Tab, link: str, name: str) -> None:
    """Click a link as a person would, and check the page it leads to."""
    with tab.page.expect_navigation() as navigation:
        tab.page.get_by_role("link", name=link).click()
    tab.check(navigation.value, name=name)


def test_a_coordinator_records_and_publishes_an_outcome_and_the_public_sees_it(
    tab: Tab, browser_stack: BrowserStack
) -> None:
    email = create_admin(
        browser_stack, f"outcomes-{uuid.uuid4().hex[:8]}@example.org", "Ola", PASSWORD
    )
    uow = recruitment(browser_stack)
    activity_id = an_open_activity(uow, "Outcomes in a browser")
    someone_signs_up(uow, activity_id)
    page = tab.page
    tab.visit("/staff/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    tab.submit("Sign in", name="signed in for outcomes")
    tab.visit(f"/join/manage/activities/{activity_id}", name="the activity")
    follow(tab, "You said, we did: tell people what changed", "outcomes, none yet")
    expect(page.get_by_role("heading", level=1)).to_contain_text("You said, we did")

    page.get_by_label("What you said, and what we did").fill("Letters now use bigger print")
    page.get_by_role("group", name="What happened?").get_by_label("We did not change this").check()
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2026")
    tab.submit("Save as a draft", status=400, name="no reason given")
    expect(page.get_by_role("alert").first).to_contain_text("Say why nothing changed")

    page.get_by_role("group", name="What happened?").get_by_label("We changed something").check()
    page.get_by_label("More about it (optional)").fill("You told us the letters were hard to read.")
    page.get_by_label("Link to read more (optional)").fill("https://www.nhs.uk/")
    tab.submit("Save as a draft", name="draft saved")
    expect(page.get_by_text("Outcome saved as a draft.")).to_be_visible()
    follow(tab, "Change or publish Letters now use bigger print", "change or publish")
    tab.submit("Publish and tell people", name="published")
    expect(page.get_by_text("Published. People we are telling: 1.")).to_be_visible()

    tab.visit(f"/join/activities/{activity_id}/outcomes", name="the public outcomes page")
    expect(page.get_by_role("heading", name="Letters now use bigger print")).to_be_visible()
    expect(page.get_by_text("We changed something")).to_be_visible()
    expect(page.get_by_text("Decided on 1 December 2026")).to_be_visible()
    tab.visit(f"/join/manage/activities/{activity_id}/reach", name="reach with told counts")
    table = page.get_by_role("table", name="People told about each outcome")
    expect(table.get_by_role("row")).to_have_count(2)


def test_a_participant_chooses_no_updates_on_their_page(
    tab: Tab, browser_stack: BrowserStack
) -> None:
    uow = recruitment(browser_stack)
    email = someone_signs_up(uow, an_open_activity(uow, "Updates in a browser"))
    link_id = links.request_link(email, "me", uow())
    assert link_id is not None
    secret = browser_stack.env["SECRET_KEY"]
    page = tab.page
    tab.visit(link_url(browser_stack.base_url, secret, link_id, "me"), name="open your page")
    tab.submit("Continue", name="your page")
    assert urlsplit(page.url).path == "/join/me"
    choice = page.get_by_role("group", name="Do you want to hear what changed?")
    expect(choice.get_by_label("Yes, tell me what changed")).to_be_checked()
    choice.get_by_label("No updates, but I am still taking part").check()
    tab.submit("Save my choice", name="no updates chosen")
    expect(page.get_by_text("We will not send you news of what changed.")).to_be_visible()
    expect(choice.get_by_label("No updates, but I am still taking part")).to_be_checked()
