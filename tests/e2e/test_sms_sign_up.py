"""Signing up entirely by text, end to end: a stranger texts JOIN and a code through the signed
Twilio webhook (the simulator), notifications forwards it on Kafka, recruitment's consumer runs
the dialogue and publishes each question, and notifications texts them to the Twilio mock,
until the person is registered and told so."""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import select

from services.recruitment.activities.service_layer import activities
from services.recruitment.activities.service_layer.activities import DescribeActivity
from services.recruitment.adapters.orm import expressions_of_interest, participants
from shared.db import make_engine
from tests.e2e.conftest import Stack
from tests.e2e.test_bookings import outbox
from tests.e2e.test_recruitment_journeys import recruitment_uow
from tests.e2e.test_sms_booking import add_session
from tests.e2e.test_sms_simulator import text_chorus
from tests.support import wait_until

TITLE = "Making GP appointments easier"


def open_activity(stack: Stack, code: str, invite_on_sign_up: bool = False) -> str:
    describe = DescribeActivity(
        TITLE, "Tell us what is hard.", "focus_group", ["online"], {}, {}, invite_on_sign_up
    )
    activity_id = activities.create_activity(describe, "e2e", recruitment_uow(stack))
    activities.add_channel(activity_id, "sms", code, None, recruitment_uow(stack))
    activities.set_status(activity_id, "open", recruitment_uow(stack))
    return activity_id


def test_join_by_text_answer_every_question_and_be_registered(stack: Stack) -> None:
    code = f"E2E{random.randrange(10**6):06d}"
    activity_id = open_activity(stack, code)
    national = f"07400{random.randrange(10**6):06d}"
    phone = "+44" + national[1:]

    def texted(count: int) -> list[dict[str, Any]]:
        sent = [m for m in outbox(stack, phone) if m["status"] == "sent"]
        return sent if len(sent) >= count else []

    answers = [f"join  {code.lower()}.", "Sam", "ls7 3ex", "Agree", "2, 6"]
    for n, words in enumerate(answers, start=1):
        text_chorus(stack, national, words)
        wait_until(lambda n=n: texted(n), timeout=60, what=f"the answer to {words!r}")
    bodies = [m["body"] for m in texted(len(answers))]
    assert bodies[0].startswith(f'Thanks for your interest in "{TITLE}"')
    assert bodies[1].startswith("What is your postcode?")
    assert bodies[2].endswith("Reply AGREE or NO.")
    assert bodies[3].startswith("Do you need any help to take part?")
    assert bodies[4].startswith(f'Thank you, you are signed up for "{TITLE}".')

    engine = make_engine(f"sqlite:///{stack.logs / 'recruitment.db'}")
    with engine.connect() as conn:
        person = conn.execute(select(participants).where(participants.c.phone == phone)).one()
        interest = conn.execute(
            select(expressions_of_interest).where(
                expressions_of_interest.c.participant_id == person.id
            )
        ).one()
    assert (person.preferred_name, person.postcode) == ("Sam", "LS7 3EX")
    assert person.support_needs == ["bsl", "step_free"]
    assert (interest.activity_id, interest.channel_kind) == (activity_id, "sms")
    # One answer for each text: no welcome on top, nothing from scheduling's booking dialogue.
    templates = {m["template"] for m in outbox(stack, phone)}
    assert templates == {"sms_sign_up"}


def test_join_by_text_then_book_a_time_by_text(stack: Stack) -> None:
    """The demo's road, as `make run` seeds it: an activity that invites everyone who signs up,
    so the person who just joined by text is invited and can BOOK a time straight away."""
    code = f"E2E{random.randrange(10**6):06d}"
    activity_id = open_activity(stack, code, invite_on_sign_up=True)
    add_session(stack, activity_id)
    national = f"07400{random.randrange(10**6):06d}"
    phone = "+44" + national[1:]

    def sent(template: str) -> list[dict[str, Any]]:
        return [m for m in outbox(stack, phone) if m["template"] == template]

    for n, words in enumerate([f"JOIN {code}", "Sam", "LS7 3EX", "AGREE", "NONE"], start=1):
        text_chorus(stack, national, words)
        wait_until(lambda n=n: len(sent("sms_sign_up")) >= n, timeout=60, what=repr(words))
    [invited] = wait_until(lambda: sent("invitation"), timeout=60, what="the invitation")
    assert "Reply BOOK to choose a time." in invited["body"]
    text_chorus(stack, national, "BOOK")
    wait_until(lambda: sent("booking_options"), timeout=60, what="the times to choose from")
    text_chorus(stack, national, "2")
    [booked] = wait_until(lambda: sent("booking_confirmed"), timeout=60, what="the booking")
    assert booked["body"].startswith("Chorus: you are booked for")


def test_in_welsh_by_text_alone_join_name_the_interpreter_s_language_and_book(
    stack: Stack,
) -> None:
    """A Welsh speaker's road by text alone: YMUNO, the questions in Welsh (an interpreter need
    is asked its language, kept as the web form keeps it), then ARCHEBU does what BOOK does, and
    the texts name the Welsh words and say "ar ddydd"."""
    code = f"E2E{random.randrange(10**6):06d}"
    activity_id = open_activity(stack, code, invite_on_sign_up=True)
    add_session(stack, activity_id)
    national = f"07400{random.randrange(10**6):06d}"
    phone = "+44" + national[1:]

    def sent(template: str) -> list[dict[str, Any]]:
        return [m for m in outbox(stack, phone) if m["template"] == template]

    answers = [f"YMUNO {code}", "Siân", "CF10 1AA", "CYTUNO", "1", "Pwyleg"]
    for n, words in enumerate(answers, start=1):
        text_chorus(stack, national, words)
        wait_until(lambda n=n: len(sent("sms_sign_up")) >= n, timeout=60, what=repr(words))
    asked = [m["body"] for m in sent("sms_sign_up")]
    assert asked[4].startswith("Ar gyfer pa iaith mae angen cyfieithydd arnoch?")
    assert asked[5].startswith("Diolch, rydych wedi cofrestru")
    engine = make_engine(f"sqlite:///{stack.logs / 'recruitment.db'}")
    with engine.connect() as conn:
        person = conn.execute(select(participants).where(participants.c.phone == phone)).one()
    assert (person.support_needs, person.interpreter_language) == (["interpreter"], "Pwyleg")

    [invited] = wait_until(lambda: sent("invitation"), timeout=60, what="the invitation")
    assert "Atebwch ARCHEBU i ddewis amser." in invited["body"]
    text_chorus(stack, national, "ARCHEBU")
    [offered] = wait_until(lambda: sent("booking_options"), timeout=60, what="the times")
    assert "atebwch 1 am" in offered["body"]
    text_chorus(stack, national, "1")
    [booked] = wait_until(lambda: sent("booking_confirmed"), timeout=60, what="the booking")
    assert "mae lle i chi ar ddydd " in booked["body"]
    assert "Atebwch CANSLO ARCHEB i ganslo neu NEWID i newid." in booked["body"]
