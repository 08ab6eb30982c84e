"""Coordinators' pages to offer times: create a session with its times
(/book/manage/sessions/new, which recruitment's activity page links to with ?activity_id= and
?title=), and add more times to a session. Times are typed in UK time and kept in UTC."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from services.scheduling.ports import NotFound
from services.scheduling.sessions.commands import AddTimes, CreateSession
from services.scheduling.sessions.domain.planning import SessionRejected
from services.scheduling.sessions.entrypoints.coordinator_pages import session_or_404
from services.scheduling.sessions.entrypoints.session_forms import (
    NewSessionForm,
    TimesForm,
    refusal,
)
from services.scheduling.sessions.entrypoints.uk_forms import first_errors
from services.scheduling.web import handle
from shared.auth import require_staff
from shared.vocabulary.recruitment import ORGANISERS

session_pages = Blueprint("manage_sessions", __name__)

BASE = "/book/manage/sessions"


def _posted() -> dict[str, Any]:
    # to_dict() keeps only the first of several ticked boxes
    return {**request.form.to_dict(), "access_features": request.form.getlist("access_features")}


def _command(body: dict[str, Any]) -> CreateSession:
    return CreateSession(
        activity_id=str(body["activity_id"]),
        activity_title=body["title"],
        format=body["format"],
        location=body["location"],
        access_features=tuple(body["access_features"]),
        joining_url=body["joining_url"],
        slots=tuple(body["plans"]),
        directions=body["directions"],
    )


@session_pages.route(f"{BASE}/new", methods=["GET", "POST"])
@require_staff(*ORGANISERS)
def new_session() -> str | Response | tuple[str, int]:
    if request.method == "GET":
        # Recruitment's activity page sends the activity along, so nothing is typed twice.
        form = {k: request.args.get(k, "").strip() for k in ("activity_id", "title")}
        return render_template("manage/session_new.html", form=form, errors=None)
    form = _posted()
    try:
        body = NewSessionForm().load(form)
        session = handle(_command(body))
    except NotFound:
        abort(404)  # another organisation's activity
    except ValidationError as invalid:
        errors = first_errors(invalid.normalized_messages())
        return render_template("manage/session_new.html", form=form, errors=errors), 400
    except SessionRejected as rejected:
        errors = refusal(rejected, form.get("times", ""))
        return render_template("manage/session_new.html", form=form, errors=errors), 422
    return redirect(f"{BASE}/{session.id}?done=created")


@session_pages.route(f"{BASE}/<session_id>/times/new", methods=["GET", "POST"])
@require_staff(*ORGANISERS)
def more_times(session_id: str) -> str | Response | tuple[str, int]:
    def page(form: dict[str, Any], errors: dict[str, str] | None) -> str:
        session = session_or_404(session_id)  # read only when a page is shown
        return render_template("manage/times_new.html", session=session, form=form, errors=errors)

    if request.method == "GET":
        return page({}, None)
    form = request.form.to_dict()
    try:
        plans = TimesForm().load(form)["plans"]
        handle(AddTimes(session_id, tuple(plans)))
    except NotFound:
        abort(404)
    except ValidationError as invalid:
        return page(form, first_errors(invalid.normalized_messages())), 400
    except SessionRejected as rejected:
        status = 409 if rejected.field == "session" else 422
        return page(form, refusal(rejected, form.get("times", ""))), status
    return redirect(f"{BASE}/{session_id}?done=times")
