"""Coordinators' decisions on the session page (/book/manage/sessions/<id>): approve or turn
down a pending booking, add someone (chosen by name) to a full time's waitlist, and mark the
session's lapsed holds as seen. Each calls the same service layer as the staff API."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from services.scheduling.booking.entrypoints.refusals import status_for
from services.scheduling.ports import NotFound
from services.scheduling.sessions.domain.booking import BookingRefused
from services.scheduling.sessions.entrypoints.coordinator_pages import (
    render_session,
    session_or_404,
)
from services.scheduling.sessions.service_layer import coordinator
from services.scheduling.staff_tasks.commands import MarkHoldsSeen
from services.scheduling.waitlist.commands import (
    ApproveBooking,
    JoinWaitlist,
    RejectBooking,
)
from services.scheduling.web import handle, unit_of_work
from shared.auth import require_staff
from shared.vocabulary.recruitment import ORGANISERS

decision_pages = Blueprint("decisions", __name__)


def _back(session_id: str, done: str, slot_id: str | None = None) -> Response:
    anchor = f"#time-{slot_id}" if slot_id else ""
    return redirect(f"/book/manage/sessions/{session_id}?done={done}{anchor}")


def _decision_words(reason: str) -> str:
    return {
        "not_pending": _("This booking is no longer waiting for approval."),
        "places_left": _("This time has places: book them a place instead."),
        "already_booked": _("They already have a place in this session."),
        "started": _("This time has already started."),
        "closed": _("Booking for this time has closed."),
        "withdrawn": _("They told us they no longer want to take part."),
        "members_only": _("This is a panel's meeting. Only its members can come."),
    }.get(reason, _("Sorry, that cannot be done now."))


@decision_pages.post("/book/manage/sessions/<session_id>/bookings/<booking_id>/<decision>")
@require_staff(*ORGANISERS)
def decide(session_id: str, booking_id: str, decision: str) -> Response | tuple[str, int]:
    session = session_or_404(session_id)
    pending = [p for t in session.times for p in t.pending_people]
    if decision not in ("approve", "reject") or not session.has_booking(booking_id, pending):
        abort(404)
    command = ApproveBooking if decision == "approve" else RejectBooking
    try:
        handle(command(booking_id))
    except NotFound:
        abort(404)
    except BookingRefused as refused:
        errors = {f"decide-{booking_id}": _decision_words(refused.reason)}
        return render_session(session_or_404(session_id), errors), status_for(refused)
    return _back(session_id, "approved" if decision == "approve" else "rejected")


@decision_pages.post("/book/manage/sessions/<session_id>/times/<slot_id>/waitlist")
@require_staff(*ORGANISERS)
def add_to_waitlist(session_id: str, slot_id: str) -> Response | tuple[str, int]:
    session = session_or_404(session_id)
    if session.time(slot_id) is None:
        abort(404)
    field = f"person-{slot_id}"
    chosen = request.form.get(field, "").strip()
    allowed = {pid for pid, _name in coordinator.waitlist_candidates(session_id, unit_of_work())}
    if not chosen:
        return render_session(session, {field: _("Choose who to add")}), 400
    if chosen not in allowed:
        return render_session(session, {field: _("Choose one of the people shown")}), 422
    try:
        handle(JoinWaitlist(slot_id, chosen))
    except BookingRefused as refused:
        errors = {field: _decision_words(refused.reason)}
        return render_session(session_or_404(session_id), errors), status_for(refused)
    return _back(session_id, "waitlisted", slot_id)


@decision_pages.post("/book/manage/sessions/<session_id>/lapsed-holds/seen")
@require_staff(*ORGANISERS)
def lapsed_holds_seen(session_id: str) -> Response:
    session_or_404(session_id)
    handle(MarkHoldsSeen(session_id))
    return _back(session_id, "seen")
