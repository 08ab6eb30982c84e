"""An activity's booking pages are its organisation's, on the real app and a migrated (SQLite)
database, with the organisation and whose the activity is kept through the bus as the consumer
keeps them: the hospice's activity heads with its name (Welsh in Welsh) and logo, and its footer
links to its privacy notice and gives its accessibility contact; an activity of an organisation
with neither keeps the deployment's links; the person's own /book list stays the deployment's."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from flask import Flask
from werkzeug.test import TestResponse

from services.scheduling.activities.commands import KeepActivityOrganisation
from services.scheduling.organisations.commands import KeepOrganisation
from services.scheduling.web import bus_of
from shared.vocabulary.organisations import Organisation
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.page_parts import footer, footer_links, header_name, logo, text
from tests.scheduling.integration.test_scheduling_booking_pages import (
    add_session,
    app,
    as_participant,
    invite,
    me,
)

__all__ = ["app"]  # the fixture used below

WHEN = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
PLAIN = dict(
    public_contact="0113 496 0000",
    sms_sender=None,
    email_from_name=None,
    email_from_address=None,
    stripe_account=None,
    finance_threshold_pence=10_000,
    changed_at=WHEN,
)
HOSPITAL = Organisation(
    FIRST_ORGANISATION_ID,
    "Leeds Teaching Hospitals",
    "LTH",
    None,
    privacy_notice_url=None,
    accessibility_contact=None,
    logo_url=None,
    **PLAIN,  # type: ignore[arg-type]
)
HOSPICE = Organisation(
    str(uuid.uuid4()),
    "Wheatfields Hospice",
    "HOSPICE",
    "Hosbis Wheatfields",
    privacy_notice_url="https://wheatfields.example.org/privacy",
    accessibility_contact="access@wheatfields.example.org",
    logo_url="https://logos.example.org/wheatfields.png",
    **PLAIN,  # type: ignore[arg-type]
)


def activity_of(app: Flask, organisation: Organisation, participant_id: str) -> str:
    """An activity of this organisation with a session, the participant invited to it."""
    activity = str(uuid.uuid4())
    add_session(app, activity)
    invite(app, participant_id, activity)
    bus = bus_of(app)
    with bus.uow_factory() as uow:
        bus.handle(KeepOrganisation(organisation), uow)
        bus.handle(KeepActivityOrganisation(activity, organisation.organisation_id), uow)
        uow.commit()
    return activity


def test_the_hospices_booking_page_is_the_hospices(app: Flask) -> None:
    client = as_participant(app)
    activity = activity_of(app, HOSPICE, me(client))
    response: TestResponse = client.get(f"/book/activities/{activity}")
    assert response.status_code == 200
    page = text(response)
    assert "Choose a time" in page
    assert header_name(page) == "Wheatfields Hospice"
    assert logo(page) == (HOSPICE.logo_url, "Wheatfields Hospice logo")
    links = footer_links(page)
    assert links["Privacy"] == "https://wheatfields.example.org/privacy"
    assert "Accessibility statement" not in links
    assert "Problems using this page? Contact access@wheatfields.example.org" in footer(page)
    assert "https://logos.example.org" in response.headers["Content-Security-Policy"]

    welsh = text(client.get(f"/book/activities/{activity}?lang=cy"))
    assert header_name(welsh) == "Hosbis Wheatfields"
    assert logo(welsh) == (HOSPICE.logo_url, "Logo Hosbis Wheatfields")
    client.get("/book?lang=en")


def test_an_organisation_without_logo_or_notice_keeps_the_deployments_links(app: Flask) -> None:
    client = as_participant(app)
    activity = activity_of(app, HOSPITAL, me(client))
    response = client.get(f"/book/activities/{activity}")
    page = text(response)
    assert header_name(page) == "Leeds Teaching Hospitals"
    assert logo(page) is None
    links = footer_links(page)
    assert (links["Privacy"], links["Accessibility statement"]) == ("/privacy", "/accessibility")
    assert "Problems using this page" not in page
    assert "img-src 'self' data:;" in response.headers["Content-Security-Policy"]


def test_their_own_list_is_the_deployments(app: Flask) -> None:
    client = as_participant(app)
    activity_of(app, HOSPICE, me(client))
    page = text(client.get("/book"))
    assert header_name(page) == "Chorus"
    assert logo(page) is None and footer_links(page)["Privacy"] == "/privacy"
