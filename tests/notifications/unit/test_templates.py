"""Every shipped template exists in English and Welsh for every channel, renders with realistic
data, and no SMS costs more than 2 segments, even for a name that forces UCS-2."""

from __future__ import annotations

import re

import pytest

from services.notifications.domain.sms import fit_title, gsm7_form, is_gsm7, segments
from services.notifications.messages.adapters.templates import (
    SAMPLE_DATA,
    TEMPLATE_DIR,
    FileTemplates,
    template_names,
)
from shared.vocabulary.scheduling import REPLY_HINTS

TEMPLATES = template_names()
LANGUAGES = ("en", "cy")
NAMES = ("Jo", "Bartholomew Featherstone", "Siân Llewellyn-Jones")  # â is not GSM-7
URL = "https://chorus.example.nhs.uk/join/link/me/" + "x" * 80  # as long as a real link


def test_segment_counting_follows_gsm7_and_ucs2_rules() -> None:
    assert segments("a" * 160) == 1 and segments("a" * 161) == 2 and segments("a" * 306) == 2
    assert segments("a" * 307) == 3
    assert segments("€" * 80) == 1 and segments("€" * 81) == 2  # extension characters count twice
    assert not is_gsm7("Siân") and segments("â" * 70) == 1 and segments("â" * 71) == 2
    assert segments("â" * 134) == 2 and segments("â" * 135) == 3


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_template_has_every_channel_in_every_language(template: str, language: str) -> None:
    for kind in ("sms.{}.txt", "email.{}.txt", "email.{}.html", "email.{}.subject.txt"):
        assert (TEMPLATE_DIR / template / kind.format(language)).is_file(), kind.format(language)


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", NAMES)
def test_every_sms_fits_in_two_segments(template: str, language: str, name: str) -> None:
    context = {**SAMPLE_DATA, "name": name, "url": URL}
    text = FileTemplates().render(template, "sms", language, context).body
    assert segments(text) <= 2, f"{len(text)} characters: {text}"


def test_welsh_is_used_when_asked_and_english_is_the_fallback() -> None:
    welsh = FileTemplates().render("welcome", "email", "cy", {"name": "Siân"})
    assert welsh.subject == "Croeso i Chorus" and 'lang="cy"' in welsh.html
    unknown = FileTemplates().render("welcome", "email", "pl", {"name": "Ola"})
    assert unknown.subject == "Welcome to Chorus"


# Titles that force UCS-2 (70 / 134 characters for 1 / 2 segments): Welsh circumflexes, curly
# quotes, an emoji, and long.
ACCENTED_TITLES = (
    "Gwasanaethau iechyd meddwl i bobl ifanc yng Nghaerdydd a\u2019r Fro:"
    " beth sy\u2019n bwysig i chi? Dŵr, tŷ a gwên",
    "Sut gallwn ni wella\u2019r gwasanaeth i bobl hŷn ym Mhen Llŷn? ŵ ŷ â ê î ô û " * 3,
    "\u201cMaking GP appointments work\u201d for shift workers 🙂"
    " and their families, carers and friends",
    "Ŵŷâêîôû" * 30,  # one long word: cut anywhere
)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("title", ACCENTED_TITLES)
def test_outcome_text_fits_two_segments_whatever_the_title(language: str, title: str) -> None:
    context = {**SAMPLE_DATA, "activity_title": title, "organisation": "Bwrdd Iechyd Hywel Dda"}
    text = FileTemplates().render("outcome_published", "sms", language, context).body
    assert segments(text) <= 2, f"{len(text)} characters: {text}"
    assert SAMPLE_DATA["outcomes_url"] in text  # the link is never what gives way
    shown = re.search(r'"(.*)"\. ', text).group(1)
    assert shown == gsm7_form(title) or (shown.endswith("...") and len(shown) > 20)


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("title", ACCENTED_TITLES)
def test_every_sms_fits_two_segments_with_an_accented_title(
    template: str, language: str, title: str
) -> None:
    context = {**SAMPLE_DATA, "activity_title": title, "name": NAMES[-1], "url": URL}
    text = FileTemplates().render(template, "sms", language, context).body
    assert segments(text) <= 2, f"{len(text)} characters: {text}"


def test_a_title_keeps_its_accents_where_the_text_still_fits() -> None:
    words = "{}: How was it?".format
    assert fit_title(words, "Tŷ Gwyn") == "Tŷ Gwyn"  # UCS-2, and well within 70 characters
    too_long = "Dŵr " + "a" * 400
    fitted = fit_title(words, too_long)
    assert fitted.endswith("...") and segments(words(fitted)) <= 2
    assert is_gsm7(fitted)  # the GSM-7 form keeps more of it than cutting before the ŵ


def test_the_gsm7_form_drops_accents_marks_and_emoji_only() -> None:
    marked = "Tŷ\u2019r \u201cGŵr\u201d 🙂 \u2013 café"
    assert gsm7_form(marked) == 'Ty\'r "Gwr" - café'  # é is GSM-7
    assert is_gsm7(gsm7_form("âêîôûŵŷ ÂÊÎÔÛŴŶ")) and gsm7_form("ŵŷ") == "wy"


# Welsh texts and emails name the Welsh reply words (each does what its English word does).
# STOP and START stay: the carriers answer them, in any language.
ENGLISH_REPLY_WORDS = re.compile(r"\b(BOOK|CANCEL BOOKING|CHANGE|TAKE|NONE)\b")


@pytest.mark.parametrize("template", TEMPLATES)
def test_welsh_words_never_ask_for_an_english_reply_word(template: str) -> None:
    for path in sorted((TEMPLATE_DIR / template).glob("*.cy.*")):
        found = ENGLISH_REPLY_WORDS.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.name} asks for {found}"


@pytest.mark.parametrize("hint", REPLY_HINTS)  # every hint scheduling may send
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_booking_help_text_fits_two_segments(hint: str, language: str) -> None:
    context = {**SAMPLE_DATA, "hint": hint, "choices": 3}
    text = FileTemplates().render("booking_help", "sms", language, context).body
    assert segments(text) <= 2, f"{len(text)} characters: {text}"
    if language == "cy":
        assert not ENGLISH_REPLY_WORDS.search(text), text


# A Tuesday session: Welsh says "ar ddydd Mawrth" (soft mutation after "ar"), in texts and emails.
TUESDAY = {
    "starts_at": "2026-12-15T10:30:00+00:00",
    "session_starts_at": "2026-12-15T10:30:00+00:00",
}


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("channel", ["sms", "email"])
def test_welsh_days_mutate_after_ar(template: str, channel: str) -> None:
    rendered = FileTemplates().render(template, channel, "cy", {**SAMPLE_DATA, **TUESDAY})
    for words in (rendered.subject, rendered.body, rendered.html):
        assert not re.search(r"\bar (<[^>]+>)?Dydd ", words, re.IGNORECASE), words
    if template == "booking_confirmed" and channel == "sms":
        assert "mae lle i chi ar ddydd Mawrth 15 Rhagfyr" in rendered.body


# An email tells someone to text only when they have a mobile and we have a number to text,
# and then names the number; otherwise it offers the web or email way alone.
TEXTING = re.compile(r"(?<![-\w])text(?:ing)?(?![-\w])|neges(?:on)? destun|tecst", re.IGNORECASE)


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_email_without_a_number_to_text_never_says_text(template: str, language: str) -> None:
    context = {**SAMPLE_DATA, "text_number": ""}
    rendered = FileTemplates().render(template, "email", language, context)
    for words in (rendered.subject, rendered.body, rendered.html):
        assert not TEXTING.search(words), words


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_email_that_says_text_names_the_number(template: str, language: str) -> None:
    rendered = FileTemplates().render(template, "email", language, dict(SAMPLE_DATA))
    for words in (rendered.body, rendered.html):
        for line in words.splitlines():
            if TEXTING.search(line):
                assert SAMPLE_DATA["text_number"] in line, line
