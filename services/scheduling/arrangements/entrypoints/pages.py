"""Coordinators settle a session's arrangements on its page (done, or not possible with a
reason), choose its venue, and keep their organisation's venues (/book/manage/venues)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from services.scheduling.arrangements import venue_admin
from services.scheduling.arrangements.commands import ChooseVenue, SaveVenue, SettleArrangement
from services.scheduling.arrangements.domain import ArrangementRefused
from services.scheduling.arrangements.entrypoints.words import words
from services.scheduling.arrangements.venues import VenueRejected
from services.scheduling.ports import NotFound
from services.scheduling.sessions.entrypoints.coordinator_pages import (
    render_session,
    session_or_404,
)
from services.scheduling.web import handle, unit_of_work
from shared.auth import current_staff, require_staff
from shared.vocabulary.recruitment import ORGANISERS
from shared.vocabulary.scheduling import VENUE_FEATURES

arrangement_pages = Blueprint("arrangements", __name__)
VENUES = "/book/manage/venues"


@arrangement_pages.app_context_processor
def arrangement_words() -> dict[str, Any]:
    return {**words(), "venue_feature_codes": VENUE_FEATURES}


def _refusal(refused: ArrangementRefused) -> str:
    return {
        "reason": _("Say why it is not possible, in up to 300 characters."),
        "outcome": _("Choose done or not possible."),
        "not_needed": _("Nobody booked needs this any more."),
        "venue_id": _("An online session has no venue."),
    }.get(refused.field, refused.message)


@arrangement_pages.post("/book/manage/sessions/<session_id>/arrangements/<task_id>")
@require_staff(*ORGANISERS)
def settle(session_id: str, task_id: str) -> Response | tuple[str, int]:
    staff = current_staff()
    assert staff is not None  # require_staff let us in
    outcome = request.form.get("outcome", "")
    # The page names each task's box apart (reason-<task id>); "reason" for other callers.
    typed = request.form.get(f"reason-{task_id}") or request.form.get("reason") or ""
    reason = typed.strip() or None
    try:
        handle(SettleArrangement(session_id, task_id, outcome, reason, staff.id))
    except NotFound:
        abort(404)
    except ArrangementRefused as refused:
        errors = {f"reason-{task_id}": _refusal(refused)}
        form = {f"reason-{task_id}": reason or ""}
        return render_session(session_or_404(session_id), errors, form), 422
    return redirect(f"/book/manage/sessions/{session_id}?done=arranged#arrangement-{task_id}")


@arrangement_pages.post("/book/manage/sessions/<session_id>/venue")
@require_staff(*ORGANISERS)
def choose_venue(session_id: str) -> Response | tuple[str, int]:
    venue_id = request.form.get("venue_id", "").strip() or None
    try:
        handle(ChooseVenue(session_id, venue_id))
    except NotFound:
        abort(404)
    except ArrangementRefused as refused:
        errors = {"venue_id": _refusal(refused)}
        return render_session(session_or_404(session_id), errors), 422
    return redirect(f"/book/manage/sessions/{session_id}?done=venue")


@arrangement_pages.get(VENUES)
@require_staff(*ORGANISERS)
def venues() -> str:
    done = request.args.get("done") if request.args.get("done") in ("saved",) else None
    return render_template(
        "manage/venues.html", venues=venue_admin.venues(unit_of_work()), done=done
    )


def _posted() -> dict[str, Any]:
    form = {k: request.form.get(k, "") for k in ("name", "address", "notes")}
    return {**form, "access_features": request.form.getlist("access_features")}


def _venue_form(
    venue_id: str | None, form: dict[str, Any], errors: dict[str, str] | None = None
) -> str:
    return render_template("manage/venue.html", venue_id=venue_id, form=form, errors=errors)


@arrangement_pages.route(f"{VENUES}/new", methods=["GET", "POST"])
@require_staff(*ORGANISERS)
def new_venue() -> str | Response | tuple[str, int]:
    if request.method == "GET":
        return _venue_form(None, {"access_features": []})
    return _save(None, _posted())


@arrangement_pages.route(f"{VENUES}/<venue_id>", methods=["GET", "POST"])
@require_staff(*ORGANISERS)
def edit_venue(venue_id: str) -> str | Response | tuple[str, int]:
    venue = venue_admin.venue(venue_id, unit_of_work())
    if venue is None:
        abort(404)
    if request.method == "GET":
        form = {
            "name": venue.name,
            "address": venue.address,
            "notes": venue.notes or "",
            "access_features": list(venue.access_features),
        }
        return _venue_form(venue_id, form)
    return _save(venue_id, _posted())


def _save(venue_id: str | None, form: dict[str, Any]) -> Response | tuple[str, int]:
    command = SaveVenue(
        venue_id, form["name"], form["address"], tuple(form["access_features"]), form["notes"]
    )
    try:
        handle(command)
    except NotFound:
        abort(404)
    except VenueRejected as refused:
        words = {
            "name": _("Enter the venue's name, in up to 120 characters."),
            "address": _("Enter the venue's address, in up to 300 characters."),
            "notes": _("Keep the notes under 500 characters."),
        }
        error = words.get(refused.field, _("Choose access features from the list."))
        return _venue_form(venue_id, form, {refused.field: error}), 422
    return redirect(f"{VENUES}?done=saved")
