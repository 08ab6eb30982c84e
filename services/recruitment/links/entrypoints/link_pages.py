"""Participants' way in: ask for a magic link, open it, see their own page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.links.domain.links import LinkRefused
from services.recruitment.links.service_layer import links
from services.recruitment.rights.entrypoints.my_pages import organisation_name
from services.recruitment.rights.service_layer import rights
from services.recruitment.rights.service_layer.organisations_with import has_left, my_groups
from services.recruitment.signups.entrypoints.signup_forms import NEED_LABELS
from services.recruitment.staff.entrypoints.forms import LinkRequestForm, first_errors
from services.recruitment.web import unit_of_work
from shared.address_limits import limited_per_address
from shared.auth import (
    current_participant_id,
    end_session,
    require_participant,
    start_participant_session,
)
from shared.magic_links import (
    LinkExpired,
    LinkInvalid,
    read_expired_token,
    read_token,
    safe_landing,
)
from shared.vocabulary.recruitment import LINK_LIFETIMES as PURPOSES
from shared.vocabulary.recruitment import LINK_REDEEM_PATH as REDEEM_PATH

link_pages = Blueprint("links", __name__)


@link_pages.route("/join/link", methods=["GET", "POST"])
@limited_per_address
def ask_for_link() -> str | tuple[str, int]:
    if request.method == "GET":
        return render_template("links/ask.html", form={"next": request.args.get("next")})
    try:
        form = LinkRequestForm().load(request.form)
    except ValidationError as exc:
        return render_template(
            "links/ask.html", form=request.form, errors=first_errors(exc.messages)
        ), 400
    # The link is for the pages asked for (book for /book..., pay for /pay...) and lands there.
    purpose = links.purpose_for(form["next"])
    links.request_link(form["contact"], purpose, unit_of_work(), form["next"])
    # The same answer whether or not we know the address, so nobody can test who signed up.
    return render_template("links/sent.html")


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


def _here() -> str:
    """This page's address with its ?next= (the Continue and new-link forms post back here)."""
    return request.full_path.rstrip("?")


@link_pages.route(f"{REDEEM_PATH}/<purpose>/<token>", methods=["GET", "POST"])
@limited_per_address  # signing in
def open_link(purpose: str, token: str) -> str | Response | tuple[str, int]:
    if purpose not in PURPOSES:
        abort(404)
    try:
        claims = read_token(_secret(), purpose, token)
        if request.method == "GET":
            # A button, not an automatic sign-in: mail scanners that fetch links must not use them.
            return render_template("links/open.html", action=_here())
        redeemed = links.redeem_link(claims, unit_of_work())
    except LinkExpired:
        return _refused("expired", 410)
    except LinkInvalid:
        return _refused("unknown", 404)
    except LinkRefused as exc:
        return _refused(exc.reason, 410 if exc.reason != "unknown" else 404)
    start_participant_session(redeemed.participant_id)
    return redirect(safe_landing(purpose, redeemed.next_path or request.args.get("next")))


def _refused(reason: str, status: int) -> tuple[str, int]:
    # A used or expired link may ask for a new one, sent where the old one went.
    new_link = _here().replace(request.path, request.path + "/new", 1)
    offer = new_link if reason in ("expired", "used") else None
    return render_template("links/refused.html", reason=reason, new_link=offer), status


@link_pages.post(f"{REDEEM_PATH}/<purpose>/<token>/new")
@limited_per_address
def new_link(purpose: str, token: str) -> str:
    """Send a fresh link for a used or expired one. The same answer whatever happened."""
    if purpose not in PURPOSES:
        abort(404)
    expired = False
    try:
        claims = read_token(_secret(), purpose, token)
    except LinkExpired:
        claims, expired = read_expired_token(_secret(), purpose, token), True
    except LinkInvalid:
        claims = None
    if claims is not None:
        next_path = safe_landing(purpose, request.args.get("next"))
        links.send_new_link(claims, expired, next_path, unit_of_work())
    return render_template("links/sent.html")


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
    me = current_participant_id()
    with_them, left_them = my_groups(me, unit_of_work())  # type: ignore[arg-type]
    organisations = [{"id": o.id, "name": organisation_name(o)} for o in with_them]
    left = [{"id": o.id, "name": organisation_name(o)} for o in left_them]
    # ?left= and ?erased_from= carry an organisation's id, never its name: the notice names
    # only one they have really left, so a link cannot make the page say anything else.
    erased = _("You have left %(organisation)s. It is deleting what it holds about you.")
    for asked, said in (("left", _("You have left %(organisation)s.")), ("erased_from", erased)):
        gone = has_left(me, request.args[asked], unit_of_work()) if asked in request.args else None
        if gone is not None:
            notices[asked] = said % {"organisation": organisation_name(gone)}
    asked = request.args.get("withdrawn") or next(
        (k for k in ("changed", "left", "erased_from") if k in request.args), ""
    )
    notice = notices.get(asked)
    if request.args.get("updates") in ("on", "off"):  # their "you said, we did" choice
        notice = (
            _("We will tell you what changed because of your help.")
            if request.args["updates"] == "on"
            else _("We will not send you news of what changed. You are still taking part.")
        )
    labels = {k: _(v) for k, v in NEED_LABELS.items()}
    with unit_of_work() as uow:  # their own words on how to contact them (history/)
        contact_note = uow.history.note_of(me)
    return render_template(
        "links/me.html",
        details=details,
        contact_note=contact_note,
        notice=notice,
        need_labels=labels,
        organisations=organisations,
        left=left,
    )


@link_pages.post("/join/me/stop-links")
@require_participant
def stop_links() -> Response:
    links.revoke_links(current_participant_id(), unit_of_work())  # type: ignore[arg-type]
    end_session()  # clears the whole session: the participant is signed out too
    return redirect("/join/link?stopped=1")


@link_pages.post("/join/sign-out")
def sign_out() -> Response:
    participant_id = current_participant_id()
    if participant_id is not None:  # on the server too: a copied cookie stops working
        links.sign_out(participant_id, unit_of_work())
    end_session()
    return redirect("/join/link?signed_out=1")
