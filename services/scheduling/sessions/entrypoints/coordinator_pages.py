"""Coordinators' pages (/book/manage): every session, and for one session who is booked at
each time, the waitlist, the help to arrange, attendance once a time has started, the times
below their minimum group size (run anyway or call off), and calling the session off."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from services.scheduling.arrangements import venue_admin
from services.scheduling.attendance.domain import ATTENDED, EXCUSED, NO_SHOW, OUTCOMES, PARTLY
from services.scheduling.booking.entrypoints.refusals import status_for
from services.scheduling.panels import reads as panel_reads
from services.scheduling.ports import NotFound
from services.scheduling.sessions.commands import CancelSession, RunAnyway
from services.scheduling.sessions.domain.booking import BookingRefused
from services.scheduling.sessions.ports import NEED_WORDS, ManagedSession
from services.scheduling.sessions.service_layer import coordinator
from services.scheduling.staff_tasks import service_layer as staff_tasks
from services.scheduling.web import handle, now, reads, unit_of_work
from shared.auth import current_staff, require_staff
from shared.vocabulary.recruitment import ORGANISERS

coordinator_pages = Blueprint("manage", __name__)

# On these pages a time that started or a cancelled session also means "not any more".
PAGE_CONFLICTS = frozenset({"started", "cancelled"})
NEEDS = tuple(NEED_WORDS)  # the order to read them in
DONE = {
    "run",
    "cancelled",
    "attendance",
    "created",
    "times",
    "approved",
    "rejected",
    "waitlisted",
    "seen",
    "arranged",
    "venue",
}


def need_words(code: str) -> str:
    return {
        "step_free": _("Step-free access"),
        "bsl": _("BSL interpreter"),
        "interpreter": _("Spoken language interpreter"),
        "hearing_loop": _("Hearing loop"),
        "captions": _("Captions"),
        "large_print": _("Large print"),
        "easy_read": _("Easy read"),
        "carer": _("Carer attending"),
        "travel_help": _("Help with travel"),
        "data_or_device": _("Data or a device to join"),
    }.get(code, code)


def outcome_words(outcome: str) -> str:
    return {
        ATTENDED: _("Attended"),
        PARTLY: _("Partly attended"),
        NO_SHOW: _("Did not come (no-show)"),
        EXCUSED: _("Excused"),
    }.get(outcome, outcome)


def waitlist_words(state: str) -> str:
    return {
        "waiting": _("Waiting"),
        "offered": _("Place offered"),
        "accepted": _("Took the place"),
        "passed": _("Offer lapsed"),
        "left": _("Left the waitlist"),
    }.get(state, state)


@coordinator_pages.app_context_processor
def manage_words() -> dict[str, Any]:
    return {
        "need_words": need_words,
        "outcome_words": outcome_words,
        "waitlist_words": waitlist_words,
        "need_codes": NEEDS,
        "outcome_codes": OUTCOMES,
    }


@coordinator_pages.get("/book/manage")
@require_staff(*ORGANISERS)
def sessions() -> str:
    rows = reads("session_reads").listed(now())
    return render_template(
        "manage/index.html", rows=rows, panels=panel_reads.listed(unit_of_work())
    )


def session_or_404(session_id: str) -> ManagedSession:
    found = reads("session_reads").overview(session_id, now())
    if found is None:
        abort(404)
    return found


def render_session(
    session: ManagedSession,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
) -> str:
    done = request.args.get("done")
    return render_template(
        "manage/session.html",
        session=session,
        errors=errors,
        form=form or {},
        done=done if done in DONE else None,
        # whom a full time's waitlist may take, and lapsed holds staff have not yet seen
        candidates=coordinator.waitlist_candidates(session.session_id, unit_of_work()),
        lapsed_holds=staff_tasks.open_lapsed_holds(session.session_id, unit_of_work()),
        venues=venue_admin.venues(unit_of_work()),
        # the activity's feedback switch, shown here and changed on its feedback page
        asks_feedback=reads("feedback_reads").asks(session.activity_id),
    )


@coordinator_pages.get("/book/manage/sessions/<session_id>")
@require_staff(*ORGANISERS)
def session_page(session_id: str) -> str:
    return render_session(session_or_404(session_id))


@coordinator_pages.post("/book/manage/sessions/<session_id>/times/<slot_id>/run")
@require_staff(*ORGANISERS)
def run_anyway(session_id: str, slot_id: str) -> Response | tuple[str, int]:
    staff = current_staff()
    go_ahead = request.form.get("go_ahead") == "yes"
    try:  # NotFound also when the time is not this session's
        handle(RunAnyway(session_id, slot_id, go_ahead, staff.id if staff else None))
    except NotFound:
        abort(404)
    except BookingRefused as refused:
        words = {
            "started": _("This time has already started, so there is nothing to decide."),
            "cancelled": _("This session has been cancelled."),
            "arrangements_open": _(
                "Some arrangements for this time are still open. Settle them first, or tick "
                "the box to go ahead anyway."
            ),
        }.get(refused.reason, _("This time has no minimum group size."))
        status = status_for(refused, PAGE_CONFLICTS)
        return render_session(session_or_404(session_id), {f"run-{slot_id}": words}), status
    return redirect(f"/book/manage/sessions/{session_id}?done=run")


@coordinator_pages.route("/book/manage/sessions/<session_id>/cancel", methods=["GET", "POST"])
@require_staff(*ORGANISERS)
def cancel_session(session_id: str) -> str | Response | tuple[str, int]:
    if request.method == "GET":
        return render_template("manage/cancel.html", session=session_or_404(session_id))
    try:
        handle(CancelSession(session_id))
    except NotFound:
        abort(404)
    except BookingRefused:
        errors = {"cancel-problem": _("This session has already taken place.")}
        session = session_or_404(session_id)
        return render_template("manage/cancel.html", session=session, errors=errors), 409
    return redirect(f"/book/manage/sessions/{session_id}?done=cancelled")
