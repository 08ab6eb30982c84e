"""Printable QR posters per channel code: the PNG is a real image whose QR code reads back as
the sign-up address; the PDF says what is offered, spells the address out and the SMS way in."""

from __future__ import annotations

import io

import zxingcpp
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from pypdf import PdfReader

from services.recruitment.config import load_settings
from tests.recruitment.integration.test_recruitment_activities import app, coordinator, engine
from tests.recruitment.integration.test_recruitment_reach import open_activity

__all__ = ["app", "coordinator", "engine"]  # fixtures used below


def test_the_png_poster_scans_to_the_channels_sign_up_page(
    app: Flask, coordinator: FlaskClient
) -> None:
    open_activity(coordinator)
    answer = coordinator.get("/api/recruitment/channels/ageuk/poster.png")
    assert answer.status_code == 200 and answer.mimetype == "image/png"
    image = Image.open(io.BytesIO(answer.data))
    assert image.size == (1654, 2339)  # A4 at 200 dots per inch
    [code] = zxingcpp.read_barcodes(image)
    assert code.text == f"{load_settings().public_base_url}/join/AGEUK"


def test_the_pdf_poster_says_what_is_offered_and_how_to_sign_up(
    app: Flask, coordinator: FlaskClient
) -> None:
    open_activity(coordinator)
    answer = coordinator.get("/api/recruitment/channels/DEMO/poster.pdf")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert answer.data.startswith(b"%PDF-")
    text = pdf_text(answer.data)
    assert "Making GP appointments easier" in text
    assert "We pay £25 an hour for your time." in text
    assert "Scan to sign up" in text and "/join/DEMO" in text


def test_posters_are_for_coordinators_and_known_codes(app: Flask, coordinator: FlaskClient) -> None:
    open_activity(coordinator)
    assert app.test_client().get("/api/recruitment/channels/DEMO/poster.png").status_code == 401
    assert coordinator.get("/api/recruitment/channels/NOPE/poster.pdf").status_code == 404


def pdf_text(data: bytes) -> str:
    """The words on the page, as a reader would get them out of the PDF."""
    page = PdfReader(io.BytesIO(data)).pages[0]
    return " ".join(page.extract_text().split())
