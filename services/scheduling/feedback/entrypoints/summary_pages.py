"""Coordinators' feedback summary for an activity (/book/manage/activities/<id>/feedback):
counts per rating, the average and the words, for the activity and each session, never who
said what; and the switch that turns asking people off (or on again) for the activity."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from services.scheduling.feedback.commands import SetFeedbackAsking
from services.scheduling.feedback.domain import RATINGS
from services.scheduling.feedback.ports import ActivityFeedback
from services.scheduling.ports import NotFound
from services.scheduling.web import handle, reads
from shared.auth import require_staff
from shared.vocabulary.recruitment import ORGANISERS

summary_pages = Blueprint("manage_feedback", __name__)

ASK = "ask"  # the switch's field
YES, NO = "yes", "no"


def _found(activity_id: str) -> ActivityFeedback:
    found = reads("feedback_reads").activity(activity_id)
    if found is None:
        abort(404)  # unknown, or another organisation's
    return found


def _page(found: ActivityFeedback, errors: dict[str, str] | None = None) -> str:
    done = request.args.get("done")
    return render_template(
        "manage/feedback.html",
        found=found,
        ratings=list(reversed(RATINGS)),
        switch=[(YES, _("Yes, ask them")), (NO, _("No, do not ask them"))],
        errors=errors,
        done=done if done in ("on", "off") else None,
    )


@summary_pages.get("/book/manage/activities/<activity_id>/feedback")
@require_staff(*ORGANISERS)
def activity_feedback(activity_id: str) -> str:
    return _page(_found(activity_id))


@summary_pages.post("/book/manage/activities/<activity_id>/feedback/asking")
@require_staff(*ORGANISERS)
def set_asking(activity_id: str) -> Response | tuple[str, int]:
    found = _found(activity_id)
    answer = request.form.get(ASK, "")
    if answer not in (YES, NO):
        return _page(found, {ASK: _("Choose whether to ask people how it went")}), 400
    try:
        handle(SetFeedbackAsking(activity_id, answer == YES))
    except NotFound:
        abort(404)
    done = "on" if answer == YES else "off"
    return redirect(f"/book/manage/activities/{activity_id}/feedback?done={done}")
