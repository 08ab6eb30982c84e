"""Posters without the DejaVu font (an image built without fonts-dejavu-core): the PDF falls
back to Helvetica, which has only Latin-1, so Welsh letters and curly quotes are made plain
instead of failing the whole poster."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from services.recruitment.activities.adapters import poster_images
from services.recruitment.activities.service_layer.posters import Poster


def test_a_welsh_title_prints_without_the_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(poster_images, "REGULAR", Path("/nowhere/DejaVuSans.ttf"))
    poster = Poster(
        "DEMO",
        "Grŵp “Llais” \u2013 apwyntiadau",
        ["£25.00 an hour"],
        "https://chorus.example/join/DEMO",
        None,
    )
    text = PdfReader(io.BytesIO(poster_images.pdf(poster))).pages[0].extract_text()
    assert 'Grwp "Llais" - apwyntiadau' in " ".join(text.split())
    assert "£25.00 an hour" in text
