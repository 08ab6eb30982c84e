"""Participants' "choose a time" for one activity (/book/activities/<id>, where an invitation
lands), its waitlist when every time is full, and a place held for them (/book/holds/<id>):
take it or turn it down before it expires. Booking goes through the same handlers as /book."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from services.scheduling.booking.commands import BookSlot
from services.scheduling.booking.entrypoints.booking_pages import refusal_words
from services.scheduling.booking.ports import ActivityChoices
from services.scheduling.organisations.service_layer import organisation_of_activity
from services.scheduling.ports import NotFound
from services.scheduling.sessions.domain.booking import PENDING, BookingRefused
from services.scheduling.waitlist.commands import (
    AcceptHold,
    GiveUpPlace,
    JoinWaitlist,
)
from services.scheduling.waitlist.ports import MyWait
from services.scheduling.web import handle, now, reads, unit_of_work
from shared.auth import current_participant_id, require_participant
from shared.pages import page_about

activity_pages = Blueprint("activity", __name__)

CHOSEN, WAIT = "slot_id", "waitlist_slot_id"  # the radios' names (and the summary's links)
SAID = ("booked", "pending", "waiting", "left")


def _me() -> str:
    participant_id = current_participant_id()
    assert participant_id is not None  # require_participant let them in
    return participant_id


def _activity_or_404(activity_id: str) -> ActivityChoices:
    found = reads("participant_reads").activity(_me(), activity_id, now())
    if found is None:
        abort(404)
    _about(activity_id)
    return found


def _about(activity_id: str) -> None:
    """The activity's pages are its organisation's: its name, logo, notice and contact."""
    page_about(organisation_of_activity(activity_id, unit_of_work()))


def _page(
    view: ActivityChoices, errors: dict[str, str] | None = None, chosen: str | None = None
) -> str:
    said = request.args.get("done")
    return render_template(
        "book/activity.html",
        view=view,
        errors=errors,
        chosen=chosen,
        done=said if said in SAID else None,
    )


@activity_pages.route("/book/activities/<activity_id>", methods=["GET", "POST"])
@require_participant
def choose(activity_id: str) -> str | Response | tuple[str, int]:
    view = _activity_or_404(activity_id)
    if request.method == "GET":
        return _page(view)
    slot_id = request.form.get(CHOSEN, "").strip()
    if not slot_id:
        return _page(view, {CHOSEN: _("Choose a time")}), 400
    session = view.session_of(slot_id)
    if session is None or session.held is not None:
        return _page(view, {CHOSEN: _("Choose one of the times shown")}), 422
    try:
        result = handle(BookSlot(slot_id, _me(), booked_via="web"))
    except BookingRefused as refused:
        # The time filled (or closed) while the page was open: the times as they are now.
        return _page(_activity_or_404(activity_id), {CHOSEN: refusal_words(refused.reason)}), 409
    except NotFound:
        abort(404)
    if result.booking.status == PENDING:
        return redirect(f"/book/activities/{activity_id}?done=pending")
    return redirect(f"/book/bookings/{result.booking.id}")


@activity_pages.post("/book/activities/<activity_id>/waitlist")
@require_participant
def join_waitlist(activity_id: str) -> str | Response | tuple[str, int]:
    view = _activity_or_404(activity_id)
    slot_id = request.form.get(WAIT, "").strip()
    if not slot_id:
        return _page(view, {WAIT: _("Choose a time to wait for")}), 400
    if slot_id not in {slot.slot_id for _session, slot in view.full}:
        return _page(view, {WAIT: _("Choose one of the times shown")}), 422
    try:
        handle(JoinWaitlist(slot_id, _me()))
    except BookingRefused as refused:
        words = {
            "places_left": _("A place has come free at this time. Choose it below to book it.")
        }.get(refused.reason) or refusal_words(refused.reason)
        return _page(_activity_or_404(activity_id), {CHOSEN: words}), 409
    return redirect(f"/book/activities/{activity_id}?done=waiting")


@activity_pages.post("/book/waitlist/<entry_id>/leave")
@require_participant
def leave_waitlist(entry_id: str) -> Response:
    activity_id = reads("waitlist_reads").activity_of_entry(entry_id)
    try:
        handle(GiveUpPlace(entry_id, _me()))
    except NotFound:
        abort(404)
    except BookingRefused:
        pass  # already out of line: the page shows where they stand now
    return redirect(f"/book/activities/{activity_id}?done=left")


def _find_hold(hold_id: str) -> tuple[str, MyWait | None]:
    """The hold's activity and the hold if it is still theirs to take; 404 if it never was."""
    theirs, live = reads("waitlist_reads").hold_of(_me(), hold_id, now())
    activity_id = reads("waitlist_reads").activity_of_entry(hold_id)
    if not theirs or activity_id is None:
        abort(404)
    _about(activity_id)
    return activity_id, live


def _gone(activity_id: str, status: int) -> tuple[str, int]:
    """Taken, lapsed or turned down: "this place has gone", with the times as they are now."""
    view = reads("participant_reads").activity(_me(), activity_id, now())
    return render_template("book/hold_gone.html", view=view, activity_id=activity_id), status


@activity_pages.route("/book/holds/<hold_id>", methods=["GET", "POST"])
@require_participant
def hold(hold_id: str) -> str | Response | tuple[str, int]:
    activity_id, live = _find_hold(hold_id)
    if live is None:
        return _gone(activity_id, 200 if request.method == "GET" else 409)
    if request.method == "GET":
        return render_template("book/hold.html", hold=live)
    answer = request.form.get("answer", "")
    if answer not in ("take", "turn_down"):
        errors = {"answer": _("Choose to take the place or turn it down")}
        return render_template("book/hold.html", hold=live, errors=errors), 400
    try:
        if answer == "turn_down":
            handle(GiveUpPlace(hold_id, _me()))
            return redirect("/book?done=turned_down")
        result = handle(AcceptHold(hold_id, via="web"))
    except BookingRefused:  # it lapsed or went between the page and the press
        return _gone(activity_id, 409)
    if result.booking.status == PENDING:
        return redirect(f"/book/activities/{activity_id}?done=pending")
    return redirect(f"/book/bookings/{result.booking.id}")
