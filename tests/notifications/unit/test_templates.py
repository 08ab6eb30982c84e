"""Every shipped template exists in English and Welsh for every channel, renders with realistic
data, and no SMS costs more than 2 segments, even for a name that forces UCS-2."""

from __future__ import annotations

import pytest

from services.notifications.domain.sms import is_gsm7, segments
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
