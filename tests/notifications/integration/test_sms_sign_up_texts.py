"""Notifications' side of the SMS sign-up dialogue: every question and outcome in English and
Welsh fits in 2 segments and says what to reply; a stranger is texted at the number they used,
someone we know through their contact; registration makes the dialogue's texts theirs."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from services.notifications.adapters.orm import messages, notifications
from services.notifications.bootstrap import bootstrap, subscription, uow_factory
from services.notifications.config import load_settings
from services.notifications.domain.sms import segments
from services.notifications.messages.adapters.templates import FileTemplates
from shared.events.envelope import Envelope
from shared.vocabulary.organisations import Organisation
from shared.vocabulary.recruitment import SIGN_UP_OUTCOMES, SIGN_UP_PROBLEMS, SIGN_UP_QUESTIONS
from tests.support import migrated_engine

PHONE = "+447400123456"
LONG_TITLE = "Making GP appointments work for shift workers and their carers in Leeds"
CONTEXT = {
    "activity_title": LONG_TITLE[:120],
    "code": "LIBRARY12345",
    "organisation": "Hywel Dda University",  # as long as a name in a text can be (SMS_NAME_MAX)
    "privacy_url": "https://chorus.example.nhs.uk/privacy",
}


def render(language: str, sign_up: str, problem: str | None = None) -> str:
    context = {**CONTEXT, "sign_up": sign_up, "problem": problem}
    return FileTemplates().render("sms_sign_up", "sms", language, context).body


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("problem", [None, *SIGN_UP_PROBLEMS])
@pytest.mark.parametrize("sign_up", [*SIGN_UP_QUESTIONS, *SIGN_UP_OUTCOMES])
def test_every_text_fits_in_two_segments(language: str, problem: str | None, sign_up: str) -> None:
    if problem and sign_up not in SIGN_UP_QUESTIONS:
        return  # problems only come with a question asked again
    text = render(language, sign_up, problem)
    assert segments(text) <= 2, f"{len(text)} characters: {text}"
    assert "{" not in text and "<" not in text


def test_the_english_texts_say_what_to_reply() -> None:
    assert render("en", "name").startswith(f'Thanks for your interest in "{LONG_TITLE[:120]}"')
    assert render("en", "name", "name").startswith("Sorry, we could not use that. What is")
    assert "Reply with your full postcode" in render("en", "postcode", "postcode")
    assert render("en", "consent").endswith("Reply AGREE or NO.")
    needs = render("en", "support_needs", "numbers")
    assert needs.startswith("Sorry, we did not understand. Do you need any help")
    assert (
        "Reply with the numbers, like 1 4, or NONE." in needs and "\n10 Help with travel" in needs
    )
    assert render("en", "unknown_code") == (
        "We don't know the code LIBRARY12345. Check the poster or leaflet and try again."
    )
    assert "Text JOIN and the code to start again" in render("en", "expired")
    assert "CANCEL" not in " ".join(render("en", s) for s in SIGN_UP_OUTCOMES)


def test_welsh_asks_for_the_welsh_words() -> None:
    assert render("cy", "consent").endswith("Atebwch CYTUNO neu NA.")
    assert "neu DIM." in render("cy", "support_needs")


def test_an_interpreter_need_is_asked_its_language_in_english_and_welsh() -> None:
    assert render("en", "interpreter_language") == (
        "Which language do you need an interpreter for? Reply with its name, for example"
        " Polish, Arabic or Urdu."
    )
    assert render("cy", "interpreter_language").startswith(
        "Ar gyfer pa iaith mae angen cyfieithydd arnoch?"
    )
    assert render("en", "interpreter_language", "language").startswith(
        "Sorry, we did not understand. Which language"
    )


def envelope(type_: str, data: dict[str, Any]) -> Envelope:
    return Envelope(
        type=type_, version=1, producer="recruitment", key="k", data=data, correlation_id="c"
    )


def test_strangers_are_texted_at_their_number_and_registration_makes_it_theirs(
    tmp_path: Path,
) -> None:
    engine = migrated_engine("notifications", tmp_path)
    uows = uow_factory(engine)
    settings = dataclasses.replace(load_settings(), public_base_url="https://chorus.example")
    handlers = subscription(bootstrap(uow_factory=uows, settings=settings)).handlers
    dialogue, pid, activity = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    base = {"dialogue_id": dialogue, "from_number": PHONE, "language": "en"}
    asked = {**base, "question": "consent", "problem": None, "activity_id": activity}
    done = {**base, "participant_id": pid, "outcome": "registered", "code": "DEMO"}
    for type_, data in (
        ("SignUpQuestionAsked", {**asked, "activity_title": "Demo"}),
        ("SignUpReplied", {**done, "activity_id": activity, "activity_title": "Demo"}),
    ):
        with uows() as uow:
            handlers[type_](envelope(type_, data), data, uow)
            uow.commit()
    with engine.connect() as conn:
        rows = conn.execute(select(messages).order_by(messages.c.created_at)).all()
    assert [(r.to, r.status, r.asked_for, r.participant_id) for r in rows] == [
        (PHONE, "queued", True, pid),
        (PHONE, "queued", True, pid),
    ]
    assert "https://chorus.example/privacy" in rows[0].body
    assert rows[1].body.startswith('Thank you, you are signed up for "Demo".')


def test_someone_we_know_is_answered_through_their_contact(tmp_path: Path) -> None:
    engine = migrated_engine("notifications", tmp_path)
    uows = uow_factory(engine)
    pid = str(uuid.uuid4())
    data = {
        "dialogue_id": str(uuid.uuid4()),
        "from_number": None,
        "participant_id": pid,
        "language": "en",
        "outcome": "already_registered",
        "code": "LIB2",
        "activity_id": None,
        "activity_title": "Demo",
    }
    with uows() as uow:
        subscription().handlers["SignUpReplied"](envelope("SignUpReplied", data), data, uow)
        uow.commit()
    with engine.connect() as conn:
        owed = conn.execute(select(notifications)).one()
    assert (owed.participant_id, owed.template, owed.channel, owed.asked_for) == (
        pid,
        "sms_sign_up",
        "sms",
        True,
    )


def test_a_sign_up_by_text_gets_no_second_welcome(tmp_path: Path) -> None:
    engine = migrated_engine("notifications", tmp_path)
    uows = uow_factory(engine)
    handler = subscription().handlers["ParticipantSignedUp"]
    for channel in ("sms", "web"):
        data = {"participant_id": uuid.uuid4(), "sign_up_channel": channel}
        with uows() as uow:
            handler(envelope("ParticipantSignedUp", data), data, uow)
            uow.commit()
    with engine.connect() as conn:
        assert conn.execute(select(notifications.c.template)).scalars().all() == ["welcome"]


def test_a_stranger_joining_an_organisations_activity_is_answered_as_it(tmp_path: Path) -> None:
    """From its number, in its name, pointing to its own privacy notice."""
    engine = migrated_engine("notifications", tmp_path)
    uows = uow_factory(engine)
    settings = dataclasses.replace(load_settings(), public_base_url="https://chorus.example")
    handlers = subscription(bootstrap(uow_factory=uows, settings=settings)).handlers
    carers, activity = str(uuid.uuid4()), str(uuid.uuid4())
    with uows() as uow:
        uow.organisations.save(Organisation(
            carers, "Leeds Carers Network", "CARERS", None, "0113 000 0000",
            "https://carers.example.org/privacy", None, None, "+447700900999", None, None, None,
            50000, datetime.now(UTC)))  # fmt: skip
        uow.activity_titles.save(activity, "Caring at home", carers)
        uow.commit()
    data = {"dialogue_id": str(uuid.uuid4()), "from_number": PHONE, "language": "en",
            "question": "consent", "problem": None, "activity_id": activity,
            "activity_title": "Caring at home"}  # fmt: skip
    with uows() as uow:
        handlers["SignUpQuestionAsked"](envelope("SignUpQuestionAsked", data), data, uow)
        uow.commit()
    with engine.connect() as conn:
        [row] = conn.execute(select(messages)).all()
    assert (row.sender, row.organisation_id) == ("+447700900999", carers)
    assert "https://carers.example.org/privacy" in row.body
    assert "chorus.example/privacy" not in row.body
