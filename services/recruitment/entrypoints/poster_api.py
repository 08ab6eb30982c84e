"""Printable QR posters per channel code (PNG and A4 PDF), for coordinators to put up in GP
surgeries, libraries and community centres. Under /api/recruitment; coordinators and admins."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from services.recruitment.adapters import poster_images
from services.recruitment.service_layer import posters
from services.recruitment.service_layer.activities import NotFound
from shared.auth import ORGANISERS, require_staff
from shared.config import load_settings
from shared.pages.formats import uk_phone
from shared.web import unit_of_work

blp = Blueprint(
    "recruitment_posters",
    __name__,
    url_prefix="/api/recruitment",
    description="Printable QR posters for a channel's code",
)
WHERE = "chorus.poster_addresses"


@blp.record_once
def _addresses(state: Any) -> None:
    # Read once at start-up: the public address people scan, and the number they text.
    settings = load_settings("recruitment")
    number = uk_phone(settings.twilio_from_number) or None
    state.app.extensions.setdefault(WHERE, (settings.public_base_url, number))


def _poster(code: str) -> posters.Poster:
    base_url, number = current_app.extensions[WHERE]
    try:
        return posters.poster_for(code, base_url, number, unit_of_work())
    except NotFound:
        abort(404, message="There is no channel with this code.")


def _file(body: bytes, mimetype: str, name: str) -> Response:
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'inline; filename="{name}"'}
    )


@blp.route("/channels/<code>/poster.png")
class PosterPng(MethodView):
    @require_staff(*ORGANISERS)
    @blp.response(200, content_type="image/png")
    def get(self, code: str) -> Response:
        """An A4 poster as a PNG (200 dots per inch)."""
        poster = _poster(code)
        return _file(poster_images.png(poster), "image/png", f"poster-{poster.code}.png")


@blp.route("/channels/<code>/poster.pdf")
class PosterPdf(MethodView):
    @require_staff(*ORGANISERS)
    @blp.response(200, content_type="application/pdf")
    def get(self, code: str) -> Response:
        """An A4 poster as a PDF, ready to print."""
        poster = _poster(code)
        return _file(poster_images.pdf(poster), "application/pdf", f"poster-{poster.code}.pdf")
