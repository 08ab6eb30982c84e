"""Signing people up: phone numbers, the rules, and the sign_up use case (with fakes)."""

from __future__ import annotations

import uuid
from dataclasses import asdict, fields
from datetime import UTC, datetime
from typing import Any

import pytest

from services.recruitment.participants.domain.events import (
    ContactDetailsChanged,
    ParticipantSignedUp,
)
from services.recruitment.participants.domain.model import Consent, Participant, SignUpRejected
from services.recruitment.participants.domain.phone import InvalidPhone, normalise_uk_mobile
from services.recruitment.signups.commands import SignUp
from services.recruitment.signups.service_layer import sign_up as handlers
from tests.recruitment.fakes import FakeUnitOfWork

NOW = datetime(2025, 3, 14, 10, 21, 7, tzinfo=UTC)
CONSENT = Consent(version="2025-01", given_at=NOW, channel="web")


# -- phone numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "07911 123456",
        "07911123456",
        "+44 7911 123456",
        "+447911123456",
        "0044 7911 123456",
        "00447911123456",
        "(07911) 123-456",
    ],
)
def test_uk_mobiles_are_normalised_to_e164(text: str) -> None:
    assert normalise_uk_mobile(text) == "+447911123456"


def test_another_uk_mobile_keeps_its_own_digits() -> None:
    assert normalise_uk_mobile("07400 123456") == "+447400123456"


@pytest.mark.parametrize("landline", ["020 7946 0000", "+44 20 7946 0000", "0161 496 0000"])
def test_a_landline_is_rejected_with_a_message_about_texts(landline: str) -> None:
    with pytest.raises(InvalidPhone) as excinfo:
        normalise_uk_mobile(landline)
    assert str(excinfo.value) == "Enter a mobile number that can get texts, like 07123 456789."


@pytest.mark.parametrize(
    "foreign",
    ["+33 6 12 34 56 78", "+1 202 555 0143", "+353 85 123 4567", "0033 6 12 34 56 78"],
)
def test_a_non_uk_number_is_rejected(foreign: str) -> None:
    with pytest.raises(InvalidPhone) as excinfo:
        normalise_uk_mobile(foreign)
    assert str(excinfo.value) == "Enter a UK mobile number, like 07123 456789."


@pytest.mark.parametrize(
    "garbage", ["", "   ", "hello", "07911", "07911 1234567890", "not a phone 07911", "+"]
)
def test_garbage_is_rejected(garbage: str) -> None:
    with pytest.raises(InvalidPhone, match="Enter a UK mobile number"):
        normalise_uk_mobile(garbage)


def test_invalid_phone_is_a_value_error() -> None:
    assert issubclass(InvalidPhone, ValueError)


# -- Participant.sign_up ---------------------------------------------------------------------


# What Morwenna gives when she signs up; each test changes only what it is about.
MORWENNA: dict[str, Any] = {
    "preferred_name": "Morwenna Testfield",
    "phone": "+447911123456",
    "email": "morwenna.testfield@example.org",
    "preferred_channel": "sms",
    "language": "en",
    "sign_up_channel": "web",
}


def sign_up(**overrides: Any) -> Participant:
    return Participant.sign_up(**{**MORWENNA, "consent": CONSENT, "now": NOW, **overrides})


def rejection(**overrides: Any) -> SignUpRejected:
    with pytest.raises(SignUpRejected) as excinfo:
        sign_up(**overrides)
    return excinfo.value


def test_sign_up_needs_consent() -> None:
    error = rejection(consent=None)
    assert (error.field, error.message) == ("consent", "You need to agree before you can sign up.")


@pytest.mark.parametrize("empty", [None, ""])
def test_sign_up_needs_a_phone_or_an_email(empty: str | None) -> None:
    error = rejection(phone=empty, email=empty)
    assert error.field == "phone"
    assert error.message == "Give a mobile number or an email address so we can reach you."


def test_preferring_texts_needs_a_phone() -> None:
    error = rejection(phone=None, preferred_channel="sms")
    assert (error.field, error.message) == ("phone", "Give a mobile number if you want texts.")


def test_preferring_email_needs_an_email() -> None:
    error = rejection(email=None, preferred_channel="email")
    assert (error.field, error.message) == ("email", "Give an email address if you want emails.")


def test_one_contact_is_enough_when_it_matches_the_preference() -> None:
    by_email = sign_up(phone=None, preferred_channel="email")
    by_phone = sign_up(email=None, preferred_channel="sms")

    assert (by_email.phone, by_email.email) == (None, "morwenna.testfield@example.org")
    assert (by_phone.phone, by_phone.email) == ("+447911123456", None)


def test_sign_up_records_the_person_and_their_consent() -> None:
    participant = sign_up(
        preferred_name="  Morwenna  ", email="Morwenna.Testfield@Example.ORG", language="cy"
    )

    assert str(uuid.UUID(participant.id)) == participant.id
    assert participant.preferred_name == "Morwenna"
    assert participant.email == "morwenna.testfield@example.org"
    assert participant.phone == "+447911123456"
    assert participant.language == "cy"
    assert participant.consent_version == "2025-01"
    assert participant.consented_at == NOW
    assert participant.signed_up_at == NOW


def test_every_sign_up_gets_its_own_id() -> None:
    assert sign_up().id != sign_up().id


def test_sign_up_raises_two_events_in_order() -> None:
    participant = sign_up(email="Morwenna.Testfield@Example.ORG", sign_up_channel="qr_poster")

    assert participant.events == [
        ParticipantSignedUp(
            participant_id=participant.id,
            sign_up_channel="qr_poster",
            preferred_channel="sms",
            language="en",
            signed_up_at=NOW,
        ),
        ContactDetailsChanged(
            participant_id=participant.id,
            preferred_name="Morwenna Testfield",
            phone="+447911123456",
            email="morwenna.testfield@example.org",
            preferred_channel="sms",
            language="en",
        ),
    ]


def test_signed_up_event_carries_no_personal_data() -> None:
    participant = sign_up()
    signed_up = participant.events[0]
    assert isinstance(signed_up, ParticipantSignedUp)

    names = {f.name for f in fields(ParticipantSignedUp)}
    assert names.isdisjoint({"preferred_name", "phone", "email", "name", "address"})
    values = set(asdict(signed_up).values())
    assert values.isdisjoint(
        {"Morwenna Testfield", "+447911123456", "morwenna.testfield@example.org"}
    )


# -- the sign_up handler, with in-memory fakes ------------------------------------------------


def command(**overrides: Any) -> SignUp:
    return SignUp(**{**MORWENNA, "consent_version": "2025-01", **overrides})


def test_handler_signs_up_commits_and_returns_the_id() -> None:
    uow = FakeUnitOfWork()

    participant_id = handlers.sign_up(command(), uow)

    assert uow.committed is True
    assert uow.entered == 1
    stored = uow.participants.get(participant_id)
    assert stored is not None
    assert stored.id == participant_id
    assert stored.phone == "+447911123456"
    assert stored.consent_version == "2025-01"
    assert stored.consented_at == stored.signed_up_at
    assert stored.consented_at.tzinfo is UTC
    assert [type(e) for e in stored.events] == [ParticipantSignedUp, ContactDetailsChanged]


def test_handler_refuses_without_consent_and_does_not_commit() -> None:
    uow = FakeUnitOfWork()

    with pytest.raises(SignUpRejected) as excinfo:
        handlers.sign_up(command(consent_version=None), uow)

    assert excinfo.value.field == "consent"
    assert uow.committed is False
    assert uow.participants.participants == {}


@pytest.mark.parametrize(
    ("phone", "email"),
    [
        ("+447911123456", "someone.else@example.org"),  # same phone
        ("+447400123456", "morwenna.testfield@example.org"),  # same email
        ("+447400123456", "Morwenna.Testfield@EXAMPLE.org"),  # same email, other case
        (None, "morwenna.testfield@example.org"),
        ("+447911123456", None),
    ],
)
def test_handler_refuses_a_duplicate_contact_without_committing(
    phone: str | None, email: str | None
) -> None:
    existing = sign_up()
    uow = FakeUnitOfWork([existing])
    preferred = "sms" if phone else "email"

    with pytest.raises(handlers.AlreadySignedUp) as excinfo:
        handlers.sign_up(command(phone=phone, email=email, preferred_channel=preferred), uow)

    assert excinfo.value.field == "contact"
    assert excinfo.value.message == "Someone has already signed up with these contact details."
    assert isinstance(excinfo.value, SignUpRejected)
    assert uow.committed is False
    assert list(uow.participants.participants) == [existing.id]


def test_handler_accepts_different_contact_details() -> None:
    uow = FakeUnitOfWork([sign_up()])

    new_id = handlers.sign_up(
        command(phone="+447400123456", email="kit.fenwright@example.com"), uow
    )

    assert uow.committed is True
    assert len(uow.participants.participants) == 2
    assert new_id in uow.participants.participants


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_sign_up_needs_a_name_of_1_to_100_characters(name: str) -> None:
    error = rejection(preferred_name=name)
    assert (error.field, error.message) == (
        "preferred_name",
        "Enter a name of 1 to 100 characters.",
    )
