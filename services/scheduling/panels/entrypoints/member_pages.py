"""A member's panel page (/book/panels/<activity_id>), reached from the message link with no
sign-in: say yes or no to joining, yes or no to each meeting (yes is a booking), or leave the
panel (only the panel: they stay with us for everything else). Anyone never invited: 404."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from services.scheduling.panels import reads as panel_reads
from services.scheduling.panels.commands import AnswerMeeting, AnswerMembership, LeavePanel
from services.scheduling.panels.domain import PanelRefused
from services.scheduling.panels.entrypoints.forms import AnswerForm
from services.scheduling.ports import NotFound
from services.scheduling.sessions.domain.booking import BookingRefused
from services.scheduling.web import handle, now, unit_of_work
from shared.auth import current_participant_id, require_participant

panel_member_pages = Blueprint("panels", __name__)
DONE = {"joined", "declined", "answered", "left"}


def _me() -> str:
    participant_id = current_participant_id()
    assert participant_id is not None  # require_participant let them in
    return participant_id


def _page(activity_id: str, errors: dict[str, str] | None = None) -> str:
    mine = panel_reads.my_panel(activity_id, _me(), unit_of_work(), now())
    if mine is None:
        abort(404)
    done = request.args.get("done")
    return render_template(
        "book/panel.html", mine=mine, errors=errors, done=done if done in DONE else None
    )


@panel_member_pages.get("/book/panels/<activity_id>")
@require_participant
def panel_page(activity_id: str) -> str:
    return _page(activity_id)


def _answer() -> str:
    return str(AnswerForm().load({"answer": request.form.get("answer", "")})["answer"])


@panel_member_pages.post("/book/panels/<activity_id>/answer")
@require_participant
def answer_membership(activity_id: str) -> Response | tuple[str, int]:
    try:
        answer = _answer()
        handle(AnswerMembership(activity_id, _me(), answer, "web"))
    except NotFound:
        abort(404)
    except ValidationError:
        return _page(activity_id, {"answer": _("Choose yes or no.")}), 400
    except PanelRefused:
        return _page(activity_id, {"answer": _("This invitation is no longer open.")}), 409
    return redirect(
        f"/book/panels/{activity_id}?done={'joined' if answer == 'yes' else 'declined'}"
    )


@panel_member_pages.post("/book/panels/<activity_id>/meetings/<session_id>")
@require_participant
def answer_meeting(activity_id: str, session_id: str) -> Response | tuple[str, int]:
    field = f"meeting-{session_id}"
    try:
        answer = str(AnswerForm().load({"answer": request.form.get(field, "")})["answer"])
        handle(AnswerMeeting(session_id, _me(), answer, "web"))
    except NotFound:
        abort(404)
    except ValidationError:
        return _page(activity_id, {field: _("Choose yes or no.")}), 400
    except BookingRefused:
        return _page(activity_id, {field: _("Sorry, this meeting is full or has started.")}), 409
    except PanelRefused:
        return _page(activity_id, {field: _("It is too late to change your answer.")}), 409
    return redirect(f"/book/panels/{activity_id}?done=answered")


@panel_member_pages.post("/book/panels/<activity_id>/leave")
@require_participant
def leave(activity_id: str) -> Response:
    try:
        handle(LeavePanel(activity_id, _me(), "web"))
    except NotFound:
        abort(404)
    return redirect(f"/book/panels/{activity_id}?done=left")
