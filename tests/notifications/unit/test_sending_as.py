"""Who a message goes out as: the organisation's senders and name, or the deployment's."""

from __future__ import annotations

from datetime import UTC, datetime

from services.notifications.domain.sending_as import deployment, sending_as
from shared.vocabulary.organisations import Organisation

DEPLOYMENT_FROM = "Chorus <no-reply@chorus.localhost>"


def organisation(**changes: object) -> Organisation:
    details: dict[str, object] = {
        "organisation_id": "org-a", "name": "Leeds ICB", "short_name": "LEEDSICB",
        "welsh_name": None, "public_contact": "0113 000 0000", "privacy_notice_url": None,
        "accessibility_contact": None, "logo_url": None, "sms_sender": None,
        "email_from_name": None, "email_from_address": None, "stripe_account": None,
        "finance_threshold_pence": 50000, "changed_at": datetime.now(UTC), **changes,
    }  # fmt: skip
    return Organisation(**details)  # type: ignore[arg-type]


def test_no_organisation_is_the_deployment() -> None:
    assert sending_as(None, "en", DEPLOYMENT_FROM) == deployment()
    assert deployment().sender("sms") is None and deployment().name_for("email") == "Chorus"


def test_an_organisation_without_senders_uses_the_deployments_but_its_own_name() -> None:
    found = sending_as(organisation(), "en", DEPLOYMENT_FROM)
    assert (found.organisation_id, found.sender("sms"), found.sender("email")) == (
        "org-a",
        None,
        None,
    )
    assert found.name_for("sms") == found.name_for("email") == "Leeds ICB"


def test_its_number_and_from_name_at_the_deployments_address() -> None:
    found = sending_as(
        organisation(sms_sender="+447700900111", email_from_name="Leeds ICB PPI"),
        "en",
        DEPLOYMENT_FROM,
    )
    assert found.sender("sms") == "+447700900111"
    assert found.sender("email") == "Leeds ICB PPI <no-reply@chorus.localhost>"


def test_an_address_alone_takes_the_organisations_name() -> None:
    found = sending_as(organisation(email_from_address="ppi@leeds.example"), "en", DEPLOYMENT_FROM)
    assert found.sender("email") == "Leeds ICB <ppi@leeds.example>"


def test_welsh_words_use_the_welsh_name_and_long_names_shorten_in_texts() -> None:
    hywel = organisation(name="Hywel Dda University Health Board", short_name="HDUHB",
                         welsh_name="Bwrdd Iechyd Prifysgol Hywel Dda")  # fmt: skip
    english, welsh = (sending_as(hywel, lang, DEPLOYMENT_FROM) for lang in ("en", "cy"))
    assert english.name_for("email") == "Hywel Dda University Health Board"
    assert welsh.name_for("email") == "Bwrdd Iechyd Prifysgol Hywel Dda"
    assert english.name_for("sms") == welsh.name_for("sms") == "HDUHB"
