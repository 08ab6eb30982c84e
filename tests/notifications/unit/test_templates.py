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
