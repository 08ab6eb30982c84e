"""The SMS sign-up dialogue's rules, without a database: what counts as JOIN and a code, what
each answer does, and that a bad answer is asked again and never kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.recruitment.signups.domain.sms_signup import (
    CONSENT,
    INTERPRETER_LANGUAGE,
    NAME,
    POSTCODE,
    SMS_NEEDS,
    SUPPORT_NEEDS,
    TIMEOUT,
    Join,
    SmsSignUp,
    Turn,
    parse_join,
)
from shared.vocabulary.recruitment import SUPPORT_NEEDS as CONTRACT_NEEDS

NOW = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)


def dialogue(step: str = NAME) -> SmsSignUp:
    d = SmsSignUp.start("+447700900123", "activity-1", "DEMO", "en", NOW)
    d.step = step
    return d


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("JOIN DEMO", "DEMO"),
        ("join demo", "DEMO"),
        ("Join demo.", "DEMO"),
        ("join  ab12", "AB12"),
        ("  JOIN ab 12 ", "AB12"),
        ("join: lib-2!", "LIB2"),
        ("JOIN", ""),
    ],
)
def test_join_survives_how_people_type_it(text: str, code: str) -> None:
    assert parse_join(text) == Join(code, "en")


def test_ymuno_is_join_in_welsh() -> None:
    assert parse_join("Ymuno demo") == Join("DEMO", "cy")


@pytest.mark.parametrize("text", ["Sam", "BOOK", "joiner", "I want to join DEMO", "1"])
def test_other_texts_are_not_join(text: str) -> None:
    assert parse_join(text) is None


def test_a_code_must_look_like_one_to_be_looked_up() -> None:
    assert Join("DEMO", "en").well_formed and not Join("X", "en").well_formed
    assert not Join("A" * 13, "en").well_formed and not Join("", "en").well_formed


def test_the_questions_come_in_order_and_the_answers_are_tidied() -> None:
    d = dialogue()
    assert d.answer("  Mary-Jane   O'Neil ", NOW) == Turn(POSTCODE)
    assert d.answer("ls7 3ex", NOW) == Turn(CONSENT)
    assert d.answer("Agree", NOW) == Turn(SUPPORT_NEEDS)
    assert d.answer("6, 1 and 8", NOW) == Turn(INTERPRETER_LANGUAGE)
    assert d.answer("Arabic", NOW) == Turn(finished=True, interpreter_language="Arabic")
    assert (d.preferred_name, d.postcode, d.consented) == ("Mary-Jane O'Neil", "LS7 3EX", True)
    assert d.support_needs == ["carer", "interpreter", "step_free"]


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ("<b>Sam</b>", "name"),
        ("<script>alert(1)</script>", "name"),
        ("Sam 123", "name"),
        ("x" * 51, "too_long"),
        ("word " * 40, "too_long"),
        ("", "name"),
    ],
)
def test_a_name_that_is_not_a_name_is_asked_for_again_and_not_kept(
    answer: str, problem: str
) -> None:
    d = dialogue()
    assert d.answer(answer, NOW) == Turn(NAME, problem)
    assert d.preferred_name is None and d.step == NAME


@pytest.mark.parametrize("answer", ["LS7", "12345", "SW1A 1AAA", "my postcode is LS7 3EX"])
def test_a_malformed_postcode_is_asked_for_again(answer: str) -> None:
    d = dialogue(POSTCODE)
    assert d.answer(answer, NOW) == Turn(POSTCODE, "postcode")
    assert d.postcode is None


@pytest.mark.parametrize("answer", ["AGREE", "agree.", "yes please", "Y", "ok", "Cytuno"])
def test_agreeing_in_the_words_people_use(answer: str) -> None:
    d = dialogue(CONSENT)
    assert d.answer(answer, NOW) == Turn(SUPPORT_NEEDS) and d.consented


@pytest.mark.parametrize("answer", ["NO", "no thanks", "Na"])
def test_no_to_consent_ends_the_dialogue(answer: str) -> None:
    d = dialogue(CONSENT)
    assert d.answer(answer, NOW) == Turn(declined=True) and not d.consented


def test_anything_else_at_consent_is_asked_again() -> None:
    assert dialogue(CONSENT).answer("maybe", NOW) == Turn(CONSENT, "agree_or_no")


@pytest.mark.parametrize("answer", ["NONE", "none.", "No", "0", "dim"])
def test_no_help_needed(answer: str) -> None:
    d = dialogue(SUPPORT_NEEDS)
    assert d.answer(answer, NOW) == Turn(finished=True) and d.support_needs == []


@pytest.mark.parametrize("answer", ["11", "0 1", "1 and a ramp", "step free", "1..2,,"])
def test_numbers_off_the_list_are_asked_again(answer: str) -> None:
    d = dialogue(SUPPORT_NEEDS)
    assert d.answer(answer, NOW) == Turn(SUPPORT_NEEDS, "numbers")


@pytest.mark.parametrize("answer", ["3 and 4", "3 a 4", "3, 4"])
def test_numbers_joined_in_english_or_welsh(answer: str) -> None:
    d = dialogue(SUPPORT_NEEDS)
    assert d.answer(answer, NOW) == Turn(finished=True)
    assert d.support_needs == ["easy_read", "large_print"]


def test_an_interpreter_need_asks_which_language_and_the_answer_finishes() -> None:
    d = dialogue(SUPPORT_NEEDS)
    assert d.answer("1 4", NOW) == Turn(INTERPRETER_LANGUAGE) and d.step == INTERPRETER_LANGUAGE
    assert d.answer("Kurdish Sorani.", NOW) == Turn(
        finished=True, interpreter_language="Kurdish Sorani"
    )


@pytest.mark.parametrize(
    ("answer", "problem"), [("12", "language"), ("🙂", "language"), ("x" * 41, "too_long")]
)
def test_a_language_that_is_no_name_is_asked_again(answer: str, problem: str) -> None:
    d = dialogue(INTERPRETER_LANGUAGE)
    assert d.answer(answer, NOW) == Turn(INTERPRETER_LANGUAGE, problem)


def test_number_ten_and_repeats() -> None:
    d = dialogue(SUPPORT_NEEDS)
    assert d.answer("10 2 2", NOW) == Turn(finished=True)
    assert d.support_needs == ["bsl", "travel_help"]


def test_the_numbered_needs_are_the_structured_needs() -> None:
    assert set(SMS_NEEDS) == set(CONTRACT_NEEDS)


def test_a_day_of_silence_expires_it_and_each_answer_resets_the_clock() -> None:
    d = dialogue()
    assert not d.expired(NOW + TIMEOUT - timedelta(seconds=1))
    d.answer("Sam", NOW + timedelta(hours=20))
    assert not d.expired(NOW + timedelta(hours=43))
    assert d.expired(NOW + timedelta(hours=44))
