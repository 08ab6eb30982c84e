"""A person with two organisations, in a real browser, from the link Chorus sends them: their
page lists both, they leave one and have it delete what it holds, and the other stays. Every
page is checked with axe, at 320 px, and screenshotted (see conftest.py)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from playwright.sync_api import expect

from services.recruitment.activities.service_layer import activities
from services.recruitment.adapters.orm import start_mappers
from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from services.recruitment.links.domain.links import MagicLink
from services.recruitment.organisations.commands import CreateOrganisation
from services.recruitment.organisations.domain.organisation import Details
from services.recruitment.organisations.service_layer import organisations
from services.recruitment.signups.service_layer import signups
from services.recruitment.signups.service_layer.signups import SignUpForActivity
from shared.db import make_engine, make_session_factory
from shared.magic_links import link_url
from shared.tenancy import enter_organisation, leave_organisation
from shared.vocabulary.recruitment import LINK_LIFETIMES as PURPOSES
from tests.browser.conftest import BrowserStack, Tab


def test_a_person_leaves_one_organisation_and_it_deletes_what_it_holds(
    tab: Tab, browser_stack: BrowserStack
) -> None:
    start_mappers()
    sessions = make_session_factory(make_engine(browser_stack.env["RECRUITMENT_DATABASE_URL"]))
    uows = lambda: RecruitmentUnitOfWork(sessions)  # noqa: E731
    tag = uuid.uuid4().hex[:6].upper()
    named = {}
    for name in (f"Hospice {tag}", f"Carers {tag}"):
        details = Details(name, name.replace(" ", "").upper(), "0113 496 0009")
        organisation = organisations.create(CreateOrganisation(details, None), uows(), None)
        enter_organisation(organisation)  # its activity, made as its coordinator would
        try:
            what = activities.DescribeActivity(
                f"{name}: your views", "So that we can do better.", "survey", ["online"], {}, {}
            )
            activity_id = activities.create_activity(what, None, uows())
            activities.set_status(activity_id, "open", uows())
        finally:
            leave_organisation()
        named[name] = activity_id
    email = f"two-groups-{tag.lower()}@example.com"
    person = None
    for activity_id in named.values():
        person = signups.sign_up_for_activity(
            SignUpForActivity("Nia", None, email, "email", "en", "2026-11",
                              activity_id=activity_id),
            uows(),
        )  # fmt: skip
    assert person is not None
    link = MagicLink.issue(person.participant_id, "me", "email", PURPOSES["me"], datetime.now(UTC))
    with uows() as unit:
        unit.links.add(link)
        unit.commit()

    page = tab.page
    tab.visit(link_url(browser_stack.base_url, browser_stack.env["SECRET_KEY"], link.id, "me"),
              name="open the link")  # fmt: skip
    tab.submit("Continue", name="your page with two groups")
    groups = page.get_by_role("heading", name="Groups you take part with").locator(
        "xpath=following-sibling::ul[1]"
    )
    expect(groups).to_contain_text(f"Hospice {tag}")
    expect(groups).to_contain_text(f"Carers {tag}")

    tab.submit(page.get_by_role("link", name=f"leave and delete what it holds (Hospice {tag})"),
               name="what leaving and deleting means")  # fmt: skip
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Leave Hospice {tag} and delete what it holds"
    )
    tab.submit("Leave and delete", status=400, name="without ticking")
    page.get_by_label(f"I understand. Leave Hospice {tag} and delete what it holds.").check()
    tab.submit("Leave and delete", name="back on the page")
    expect(page.locator("main")).to_contain_text(f"Hospice {tag}")  # the notice says so
    groups = page.get_by_role("heading", name="Groups you take part with").locator(
        "xpath=following-sibling::ul[1]"
    )
    expect(groups).to_contain_text(f"Carers {tag}")
    expect(groups).not_to_contain_text(f"Hospice {tag}")
