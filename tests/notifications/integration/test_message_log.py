"""Coordinators' view of messages: the log shows who, when, how and what happened, never the
words; previews render any template with sample data and say what an SMS costs."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from services.notifications.config import load_settings
from services.notifications.domain.model import Contact, Message
from services.notifications.entrypoints.app import create_app
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from shared.web import current_bus
from tests.support import migrated_engine, staff_client

PARTICIPANT = "5b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e"
ACTIVITY = "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a"


@pytest.fixture
def coordinator(tmp_path: Path) -> FlaskClient:
    app = create_app(load_settings("notifications"), migrated_engine("notifications", tmp_path))
    with current_bus(app).uow_factory() as uow:
        for pid, activity in ((PARTICIPANT, None), (str(uuid.uuid4()), ACTIVITY)):
            message = Message(
                pid,
                "n-" + pid,
                "welcome",
                "sms",
                "+447123456789",
                "",
                "A private sentence",
                "",
                datetime.now(UTC),
                activity_id=activity,
            )
            uow.messages.add(message)
        uow.contacts.save(Contact(PARTICIPANT, "Morwenna", "+447123456789", None, "sms", "en"))
        uow.activity_titles.save(ACTIVITY, "Making GP appointments easier", FIRST_ORGANISATION_ID)
        uow.commit()
    return staff_client(app, ["coordinator"])


def test_the_log_shows_who_and_how_but_never_the_words(coordinator: FlaskClient) -> None:
    page = coordinator.get(f"/messages/log?participant={PARTICIPANT}").get_data(as_text=True)
    assert "Morwenna</a>" in page and "welcome, text message" in page
    assert f">{PARTICIPANT}<" not in page  # the name, not the bare id
    assert page.count('<tr class="nhsuk-table__row" role="row">') == 2  # header + one message
    assert "A private sentence" not in page and "07123 456789" not in page


def test_the_log_names_the_activity_by_its_title(coordinator: FlaskClient) -> None:
    page = coordinator.get(f"/messages/log?activity={ACTIVITY}").get_data(as_text=True)
    assert "Making GP appointments easier</a>" in page and f">{ACTIVITY}<" not in page
    assert "Details removed (" in page  # someone whose contact we no longer hold


def test_a_preview_renders_with_sample_data_and_counts_segments(coordinator: FlaskClient) -> None:
    sms = coordinator.get(
        "/api/notifications/templates/welcome/preview?channel=sms&language=cy"
    ).json
    assert sms["body"].startswith("Helo Siân Llewellyn-Jones,") and sms["segments"] == 2
    email = coordinator.get("/api/notifications/templates/magic_link/preview?channel=email").json
    assert (
        email["subject"] == "Your link to Chorus"
        and "https://chorus.example.nhs.uk/join/link/me/" in email["body"]
    )
    missing = coordinator.get("/api/notifications/templates/nope/preview")
    assert missing.status_code == 404


def test_the_log_can_be_searched_by_activity(coordinator: FlaskClient) -> None:
    page = coordinator.get(f"/messages/log?activity={ACTIVITY}").get_data(as_text=True)
    assert page.count('<tr class="nhsuk-table__row" role="row">') == 2  # header + one message
    assert PARTICIPANT not in page and f"/messages/log?activity={ACTIVITY}" in page


def test_a_malformed_id_gets_a_clear_error_not_an_empty_list(coordinator: FlaskClient) -> None:
    answer = coordinator.get("/messages/log?activity=GP-survey")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "Enter the ID exactly as it appears" in page and "nhsuk-error-summary" in page
    assert "No messages found." not in page


def test_previews_offer_large_print_and_hide_the_shared_layouts(coordinator: FlaskClient) -> None:
    base = "/api/notifications/templates/booking_confirmed/preview?channel=email"
    large = coordinator.get(f"{base}&large_print=true").json
    assert "font-size: 28px" in large["html"] and "Central Library" in large["html"]
    assert "font-size: 19px" in coordinator.get(base).json["html"]
    assert coordinator.get("/api/notifications/templates/_email/preview").status_code == 404
