"""Printable QR posters per channel code (PNG and A4 PDF), for coordinators to put up in GP
surgeries, libraries and community centres. Under /api/recruitment; coordinators and admins."""

from __future__ import annotations

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from services.recruitment.activities.adapters import poster_images
from services.recruitment.activities.service_layer import posters
from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.config import RecruitmentSettings
from services.recruitment.web import dependency, unit_of_work
from shared.auth import require_staff
from shared.pages.formats import uk_phone
from shared.vocabulary.recruitment import ORGANISERS

blp = Blueprint(
    "recruitment_posters",
    __name__,
    url_prefix="/api/recruitment",
    description="Printable QR posters for a channel's code",
)


def _poster(code: str) -> posters.Poster:
    # The public address people scan, and the number they text.
    settings: RecruitmentSettings = dependency("settings")
    number = uk_phone(settings.text_number) or None
    try:
        return posters.poster_for(code, settings.public_base_url, number, unit_of_work())
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
