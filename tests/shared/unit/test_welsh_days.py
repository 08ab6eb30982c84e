"""Welsh mutates a weekday softly after "ar" (on): "mae lle i chi ar ddydd Mawrth", never babel's
"ar Dydd Mawrth". Texts, emails and pages all say it so."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask, render_template_string

from shared.config import Secret, Settings
from shared.pages import init_pages
from shared.pages.formats import welsh_after_ar

DAYS = ["Llun", "Mawrth", "Mercher", "Iau", "Gwener", "Sadwrn", "Sul"]


@pytest.mark.parametrize("day", DAYS)
def test_a_day_after_ar_mutates(day: str) -> None:
    assert welsh_after_ar(f"mae lle i chi ar Dydd {day} 15 Rhagfyr") == (
        f"mae lle i chi ar ddydd {day} 15 Rhagfyr"
    )
    assert welsh_after_ar(f"Ar Dydd {day}, 10:30am") == f"Ar ddydd {day}, 10:30am"
    assert welsh_after_ar(f"ar <strong>Dydd {day}</strong>") == f"ar <strong>ddydd {day}</strong>"


def test_only_after_ar() -> None:
    unchanged = "Dydd Mawrth 15 Rhagfyr, erbyn Dydd Llun, Gwar Dydd Sul, ar Dyddiad"
    assert welsh_after_ar(unchanged) == unchanged
    assert welsh_after_ar("ar ddydd Mawrth") == "ar ddydd Mawrth"  # already right


def test_a_welsh_page_says_ar_ddydd() -> None:
    app = Flask("pages", root_path=str(Path("services/scheduling/entrypoints").resolve()))
    settings = Settings(
        "scheduling",
        "development",
        "http://localhost",
        "127.0.0.1:9092",
        Secret("sqlite://"),
        Secret("x" * 32),
        "+447700900000",
    )
    init_pages(app, settings)
    page = '{{ _("Can you come on %(when)s?", when=when) }}'
    with app.test_request_context("/?lang=cy"):
        words = render_template_string(page, when="Dydd Mawrth 15 Rhagfyr")
    assert words == "Allwch chi ddod ar ddydd Mawrth 15 Rhagfyr?"
    with app.test_request_context("/?lang=en"):
        words = render_template_string(page, when="Tuesday 15 December")
    assert words == "Can you come on Tuesday 15 December?"
