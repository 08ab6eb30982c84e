"""Signing up by text on a real (SQLite) database with a controllable clock: each text handled
as the consumer does (one unit of work, committed), and the events it leaves for notifications.
Bad answers, NO, restarts and a day of silence store nothing."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from services.recruitment.activities.service_layer import activities
from services.recruitment.activities.service_layer.activities import DescribeActivity
from services.recruitment.adapters.orm import (
    consent_records,
    expressions_of_interest,
    participants,
    start_mappers,
)
from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from services.recruitment.bootstrap import uow_factory
from services.recruitment.history.adapters import contact_notes
from services.recruitment.organisations.commands import CreateOrganisation
from services.recruitment.organisations.domain.organisation import Details
from services.recruitment.organisations.service_layer import organisations
from services.recruitment.signups.adapters.sms_signup_repository import sms_sign_ups
from services.recruitment.signups.service_layer import sms_signup
from shared.bus.tables import outbox
from shared.db import make_session_factory
from shared.tenancy import enter_organisation, leave_organisation
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.support import migrated_engine

NOW = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)
PHONE = "+447400123456"
TITLE = "Making GP appointments easier"


class Texts:
    """One phone texting Chorus; `send` returns what recruitment asked notifications to say."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.uows = uow_factory(engine)
        self.now = NOW
        self.read = 0

    def send(
        self, words: str, phone: str | None = PHONE, participant_id: str | None = None
    ) -> list[dict[str, Any]]:
        with self.uows() as uow:
            sms_signup.handle_text(participant_id, phone, words, uow, self.now)
            uow.commit()
        return self.published()

    def say(self, words: str, **who: Any) -> str:
        """The one thing said back: the question asked (with its problem) or the outcome."""
        [event] = self.send(words, **who)
        asked = event.get("question")
        return (
            f"{asked}:{event['problem']}"
            if asked and event["problem"]
            else asked or event["outcome"]
        )

    def published(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(outbox.c.id, outbox.c.topic, outbox.c.payload)
                .where(outbox.c.id > self.read, outbox.c.topic == "recruitment.sms-dialogue")
                .order_by(outbox.c.id)
            ).all()
            last = conn.execute(select(func.max(outbox.c.id))).scalar()
        self.read = last or 0
        return [json.loads(r.payload)["data"] for r in rows]

    def count(self, table: Any) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(table)).scalar_one()


def open_activity(engine: Engine, code: str = "DEMO") -> str:
    start_mappers()
    uow = lambda: RecruitmentUnitOfWork(make_session_factory(engine))  # noqa: E731
    describe = DescribeActivity(TITLE, "Tell us what is hard.", "focus_group", ["online"], {}, {})
    activity_id = activities.create_activity(describe, str(uuid.uuid4()), uow())
    activities.add_channel(activity_id, "sms", code, None, uow())
    activities.set_status(activity_id, "open", uow())
    return activity_id


@pytest.fixture
def texts(tmp_path: Path) -> Texts:
    engine = migrated_engine("recruitment", tmp_path)
    open_activity(engine)
    return Texts(engine)


def test_join_then_every_question_registers_them(texts: Texts) -> None:
    [first] = texts.send("Join demo.")
    assert (first["question"], first["activity_title"], first["language"]) == ("name", TITLE, "en")
    assert first["from_number"] == PHONE and first["problem"] is None
    assert texts.say("Sam") == "postcode"
    assert texts.say("ls7 3ex") == "consent"
    assert texts.say("agree") == "support_needs"
    assert texts.say("1, 6") == "interpreter_language"  # as the web form asks
    assert texts.say("12345") == "interpreter_language:language"
    [done] = texts.send("Polish.")
    assert (done["outcome"], done["activity_title"], done["code"]) == ("registered", TITLE, "DEMO")
    with texts.engine.connect() as conn:
        person = conn.execute(select(participants)).one()
        interest = conn.execute(select(expressions_of_interest)).one()
    assert (person.preferred_name, person.phone, person.postcode) == ("Sam", PHONE, "LS7 3EX")
    assert (person.preferred_channel, person.sign_up_channel) == ("sms", "sms")
    assert person.support_needs == ["interpreter", "step_free"]
    assert person.interpreter_language == "Polish"  # staff tasks name it, as from the web
    assert done["participant_id"] == person.id and interest.channel_kind == "sms"
    assert texts.count(consent_records) == 1 and texts.count(sms_sign_ups) == 0
    # No answer travels in any event, only on the compacted contact topic.
    with texts.engine.connect() as conn:
        payloads = conn.execute(select(outbox.c.topic, outbox.c.payload)).all()
    assert all("LS7" not in p for t, p in payloads if t != "recruitment.contact")


def test_bad_answers_are_asked_again_and_nothing_is_kept(texts: Texts) -> None:
    texts.send("JOIN DEMO")
    assert texts.say("<b>Sam</b>") == "name:name"
    assert texts.say("x" * 400) == "name:too_long"
    assert texts.say("Sam") == "postcode"
    assert texts.say("LS7") == "postcode:postcode"
    assert texts.say("LS7 3EX") == "consent"
    assert texts.say("maybe later") == "consent:agree_or_no"
    assert texts.say("yes please") == "support_needs"
    assert texts.say("a ramp") == "support_needs:numbers"
    assert texts.count(participants) == 0


def test_no_to_consent_keeps_nothing(texts: Texts) -> None:
    texts.send("JOIN DEMO")
    texts.send("Sam")
    texts.send("LS7 3EX")
    assert texts.say("No") == "declined"
    assert texts.count(participants) == 0 and texts.count(sms_sign_ups) == 0
    assert texts.say("Sam") == "start_again"  # the dialogue is over


def test_unknown_code_closed_activity_and_join_alone(texts: Texts) -> None:
    [unknown] = texts.send("join xyz")
    assert (unknown["outcome"], unknown["code"]) == ("unknown_code", "XYZ")
    assert texts.say("JOIN") == "start_again"
    [garbled] = texts.send("JOIN " + "Z" * 30)
    assert (garbled["outcome"], garbled["code"]) == ("unknown_code", None)
    closed = open_activity(texts.engine, "SHUT")
    activities.set_status(
        closed, "closed", RecruitmentUnitOfWork(make_session_factory(texts.engine))
    )
    assert texts.say("JOIN SHUT") == "not_open"
    assert texts.count(sms_sign_ups) == 0


def test_join_again_starts_over(texts: Texts) -> None:
    texts.send("JOIN DEMO")
    texts.send("Sam")
    assert texts.say("join  demo") == "name"
    assert texts.say("Samira") == "postcode"
    with texts.engine.connect() as conn:
        assert conn.execute(select(sms_sign_ups.c.preferred_name)).scalar_one() == "Samira"


def test_a_day_of_silence_forgets_the_dialogue_politely(texts: Texts) -> None:
    texts.send("JOIN DEMO")
    texts.send("Sam")
    texts.now += timedelta(hours=23, minutes=59)
    assert texts.say("LS7 3EX") == "consent"  # each answer resets the clock
    texts.now += timedelta(hours=24)
    assert texts.say("agree") == "expired"
    assert texts.count(sms_sign_ups) == 0 and texts.count(participants) == 0
    assert texts.say("agree") == "start_again"


def test_silent_dialogues_and_sent_texts_are_swept(texts: Texts) -> None:
    texts.send("JOIN DEMO")
    with texts.engine.begin() as conn:
        conn.execute(outbox.update().values(sent_at=NOW))  # the relay has published them
    assert sms_signup.forget_silent_dialogues(texts.uows(), NOW + timedelta(hours=23)) == 0
    assert sms_signup.forget_silent_dialogues(texts.uows(), NOW + timedelta(hours=24)) == 1
    with texts.engine.connect() as conn:
        topics = conn.execute(select(outbox.c.topic)).scalars().all()
    assert "recruitment.sms-dialogue" not in topics


def test_someone_already_registered_is_added_without_questions(texts: Texts) -> None:
    for words in ("JOIN DEMO", "Sam", "LS7 3EX", "AGREE", "NONE"):
        texts.send(words)
    other = open_activity(texts.engine, "LIB2")
    with texts.engine.connect() as conn:
        pid = conn.execute(select(participants.c.id)).scalar_one()
    # Known to notifications: the text comes with their id and without their number.
    [reply] = texts.send("JOIN LIB2", phone=None, participant_id=pid)
    assert (reply["outcome"], reply["participant_id"], reply["from_number"]) == (
        "already_registered",
        pid,
        None,
    )
    assert reply["activity_id"] == other and texts.count(expressions_of_interest) == 2
    # Known only to us (notifications has not got their contact yet): the same, by number.
    assert texts.say("JOIN LIB2") == "already_registered"
    assert texts.count(participants) == 1 and texts.count(expressions_of_interest) == 2
    assert texts.send("BOOK", phone=None, participant_id=pid) == []  # scheduling's to answer


def test_texts_from_outside_the_uk_cannot_sign_up(texts: Texts) -> None:
    assert texts.say("JOIN DEMO", phone="+12025550123") == "uk_mobile_only"
    assert texts.count(sms_sign_ups) == 0


def test_ymuno_asks_in_welsh(texts: Texts) -> None:
    [first] = texts.send("Ymuno demo")
    assert (first["question"], first["language"]) == ("name", "cy")


def test_in_welsh_an_interpreter_need_is_asked_its_language_too(texts: Texts) -> None:
    texts.send("YMUNO DEMO")
    for answer in ("Siân", "CF10 1AA", "cytuno"):
        texts.say(answer)
    [asked] = texts.send("1 a 3")
    assert (asked["question"], asked["language"]) == ("interpreter_language", "cy")
    assert texts.say("Pwyleg") == "registered"
    with texts.engine.connect() as conn:
        person = conn.execute(select(participants)).one()
    assert person.support_needs == ["interpreter", "large_print"]
    assert person.interpreter_language == "Pwyleg"


def test_no_interpreter_need_no_language_question(texts: Texts) -> None:
    texts.send("JOIN DEMO")
    for answer in ("Sam", "LS7 3EX", "agree"):
        texts.say(answer)
    assert texts.say("2 6") == "registered"  # BSL is a need of its own: no question
    with texts.engine.connect() as conn:
        assert conn.execute(select(participants.c.interpreter_language)).scalar_one() is None


def test_leave_by_text_withdraws_consent_and_a_second_join_does_not_undo_it(
    texts: Texts,
) -> None:
    for words in ("JOIN DEMO", "Sam", "LS7 3EX", "AGREE", "NONE"):
        texts.send(words)
    with texts.engine.connect() as conn:
        pid = conn.execute(select(participants.c.id)).scalar_one()
    [reply] = texts.send("Leave chorus.", phone=None, participant_id=pid)
    assert (reply["outcome"], reply["participant_id"]) == ("left", pid)
    with texts.engine.connect() as conn:
        assert conn.execute(select(participants.c.withdrawn_at)).scalar_one() is not None
        assert conn.execute(select(expressions_of_interest.c.status)).scalar_one() == "withdrawn"
        withdrawn = conn.execute(
            select(outbox.c.payload).where(outbox.c.event_type == "ConsentWithdrawn")
        ).scalar_one()
    assert json.loads(withdrawn)["data"]["channel"] == "sms"
    assert texts.say("JOIN DEMO") == "not_added"  # a text cannot put them back on a list
    assert texts.say("LEAVE") == "left"  # again (known by number): the same answer
    with texts.engine.connect() as conn:
        events = conn.execute(
            select(func.count()).where(outbox.c.event_type == "ConsentWithdrawn")
        ).scalar_one()
    assert events == 1  # and no second withdrawal


def test_leave_and_a_code_leaves_only_that_activity_s_organisation(texts: Texts) -> None:
    for words in ("JOIN DEMO", "Sam", "LS7 3EX", "AGREE", "NONE"):
        texts.send(words)
    uows = lambda: RecruitmentUnitOfWork(make_session_factory(texts.engine))  # noqa: E731
    hospice = Details("Wheatfields Hospice", "HOSPICE", "0113 496 0003")
    hospice_id = organisations.create(CreateOrganisation(hospice, None), uows(), None)
    enter_organisation(hospice_id)
    try:
        garden = open_activity(texts.engine, "GARDEN")
    finally:
        leave_organisation()
    # The hospice is new to them: it asks for their own OK before adding them.
    [asked] = texts.send("JOIN GARDEN")
    assert (asked["outcome"], asked["code"], asked["activity_id"]) == (
        "consent_needed",
        "GARDEN",
        garden,
    )
    assert texts.count(expressions_of_interest) == 1
    assert texts.say("join garden agree.") == "registered"  # signed up with the hospice
    assert texts.say("JOIN GARDEN") == "already_registered"  # agreed once is enough
    with texts.engine.connect() as conn:
        pid = conn.execute(select(participants.c.id)).scalar_one()
        given = conn.execute(
            select(consent_records.c.organisation_id, consent_records.c.withdrawn_at)
        ).all()
    assert sorted(org for org, _ in given) == sorted([FIRST_ORGANISATION_ID, hospice_id])

    [reply] = texts.send("gadael garden.", phone=None, participant_id=pid)
    assert (reply["outcome"], reply["code"], reply["activity_id"]) == (
        "left_organisation",
        "GARDEN",
        garden,
    )
    with texts.engine.connect() as conn:
        person = conn.execute(select(participants)).one()
        statuses = dict(
            conn.execute(
                select(expressions_of_interest.c.activity_id, expressions_of_interest.c.status)
            ).all()
        )
        left = conn.execute(
            select(outbox.c.payload).where(outbox.c.event_type == "ParticipantLeftOrganisation")
        ).scalar_one()
    # Only the hospice: still with the first organisation, and still signed up there.
    assert person.withdrawn_at is None and json.loads(left)["data"]["organisation_id"] == hospice_id
    assert statuses.pop(garden) == "withdrawn"
    assert list(statuses.values()) == ["interested"]
    with texts.engine.connect() as conn:
        given = dict(
            conn.execute(
                select(consent_records.c.organisation_id, consent_records.c.withdrawn_at)
            ).all()
        )
    assert given[FIRST_ORGANISATION_ID] is None and given[hospice_id] is not None
    assert texts.say("JOIN GARDEN") == "not_added"  # a text cannot put them back
    assert texts.say("LEAVE GARDEN") == "left_organisation"  # again: the same answer, no event
    with texts.engine.connect() as conn:
        assert (
            conn.execute(
                select(func.count()).where(outbox.c.event_type == "ParticipantLeftOrganisation")
            ).scalar_one()
            == 1
        )
    assert texts.say("LEAVE NOPE") == "unknown_code"
    assert texts.say("LEAVE CHORUS") == "left"  # and LEAVE CHORUS is still everything


def test_note_by_text_keeps_how_they_like_to_be_contacted(texts: Texts) -> None:
    """NOTE <words> does by text what /join/me/contact-note does; NOTE alone takes it away."""
    for words in ("JOIN DEMO", "Sam", "LS7 3EX", "AGREE", "NONE"):
        texts.send(words)
    with texts.engine.connect() as conn:
        pid = conn.execute(select(participants.c.id)).scalar_one()

    def kept() -> str | None:
        with texts.engine.connect() as conn:
            return conn.execute(select(contact_notes.c.note)).scalar_one_or_none()

    [reply] = texts.send("Note: call after 4pm, my daughter reads my texts", participant_id=pid)
    assert (reply["outcome"], reply["participant_id"]) == ("note_saved", pid)
    assert kept() == "call after 4pm, my daughter reads my texts"
    assert "daughter" not in json.dumps(reply)  # the words stay here, not in the event
    assert texts.say("NOTE " + "x" * 501) == "note_too_long"
    assert kept() == "call after 4pm, my daughter reads my texts"
    assert texts.say("nodyn Ffoniwch ar ôl 4pm") == "note_saved"
    assert kept() == "Ffoniwch ar ôl 4pm"
    assert texts.say("NOTE") == "note_removed"
    assert kept() is None
    # From a stranger it is not a note: how to start.
    assert texts.say("NOTE hello", phone="+447400999888") == "start_again"
