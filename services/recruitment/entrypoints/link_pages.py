"""Participants' way in: ask for a magic link, open it, see their own page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from services.recruitment.domain.links import LinkRefused
from services.recruitment.entrypoints.forms import LinkRequestForm, first_errors
from services.recruitment.entrypoints.signup_forms import NEED_LABELS
from services.recruitment.service_layer import links, rights
from services.recruitment.service_layer.activities import NotFound
from shared.auth import (
    current_participant_id,
    end_session,
    require_participant,
    start_participant_session,
)
from shared.magic_links import PURPOSES, REDEEM_PATH, LinkExpired, LinkInvalid, read_token
from shared.web import unit_of_work

link_pages = Blueprint("links", __name__)
# Where each purpose lands once the link is used.
LANDING = {"me": "/join/me", "book": "/book", "pay": "/pay"}


@link_pages.route("/join/link", methods=["GET", "POST"])
def ask_for_link() -> str | tuple[str, int]:
    if request.method == "GET":
        return render_template("links/ask.html", form={})
    try:
        form = LinkRequestForm().load(request.form)
    except ValidationError as exc:
        return render_template(
            "links/ask.html", form=request.form, errors=first_errors(exc.messages)
        ), 400
    links.request_link(form["contact"], "me", unit_of_work())
    # The same answer whether or not we know the address, so nobody can test who signed up.
    return render_template("links/sent.html")


def _claims(purpose: str, token: str):  # type: ignore[no-untyped-def]
    if purpose not in PURPOSES:
        abort(404)
    return read_token(current_app.config["SECRET_KEY"], purpose, token)


@link_pages.route(f"{REDEEM_PATH}/<purpose>/<token>", methods=["GET", "POST"])
def open_link(purpose: str, token: str) -> str | Response | tuple[str, int]:
    try:
        claims = _claims(purpose, token)
        if request.method == "GET":
            # A button, not an automatic sign-in: mail scanners that fetch links must not use them.
            return render_template("links/open.html", action=request.path)
        participant_id = links.redeem_link(claims, unit_of_work())
    except LinkExpired:
        return render_template("links/refused.html", reason="expired"), 410
    except LinkInvalid:
        return render_template("links/refused.html", reason="unknown"), 404
    except LinkRefused as exc:
        return render_template("links/refused.html", reason=exc.reason), 410
    start_participant_session(participant_id)
    return redirect(LANDING[purpose])


@link_pages.get("/join/me")
@require_participant
def my_page() -> str:
    try:
        details = rights.my_details(current_participant_id(), unit_of_work())  # type: ignore[arg-type]
    except NotFound:
        abort(404)
    notices = {
        "changed": _("Your details are saved."),
        "taking_part": _("You have stopped taking part. We will not invite you again."),
        "special_category": _("We have deleted your health information."),
    }
    notice = notices.get(
        request.args.get("withdrawn") or ("changed" if "changed" in request.args else "")
    )
    labels = {k: _(v) for k, v in NEED_LABELS.items()}
    return render_template("links/me.html", details=details, notice=notice, need_labels=labels)


@link_pages.post("/join/me/stop-links")
@require_participant
def stop_links() -> Response:
    links.revoke_links(current_participant_id(), unit_of_work())  # type: ignore[arg-type]
    end_session()  # clears the whole session: the participant is signed out too
    return redirect("/join/link?stopped=1")


@link_pages.post("/join/sign-out")
def sign_out() -> Response:
    end_session()
    return redirect("/join/link?signed_out=1")
