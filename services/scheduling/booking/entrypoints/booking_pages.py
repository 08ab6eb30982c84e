"""Participants' booking pages (/book): their bookings, the times they can book, booking,
changing and cancelling. They arrive through a magic link with the purpose "book"."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, make_response, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from services.scheduling.booking.commands import BookSlot, CancelBooking, MoveBooking
from services.scheduling.booking.ports import BookableSession
from services.scheduling.ports import NotFound
from services.scheduling.sessions.domain.booking import BookingRefused
from services.scheduling.web import handle, now, reads
from shared.auth import current_participant_id, require_participant
from shared.calendar import session_invite

booking_pages = Blueprint("booking", __name__)

FIELD = "slot_id"  # the radios' name, and the id the error summary links to


def _me() -> str:
    participant_id = current_participant_id()
    assert participant_id is not None  # require_participant let them in
    return participant_id


def access_words(codes: tuple[str, ...]) -> list[str]:
    words = {
        "step_free": _("Step-free access"),
        "hearing_loop": _("Hearing loop"),
        "accessible_toilet": _("Accessible toilet"),
        "parking": _("Parking"),
        "public_transport": _("Near public transport"),
    }
    return [words[code] for code in codes if code in words]


def format_words(format: str, location: str | None) -> str:
    if format == "in_person":
        return _("In person at %(place)s", place=location or "")
    if format == "hybrid":
        return _("Online or in person at %(place)s", place=location or "")
    return _("Online")


def places_words(places: int) -> str:
    if places <= 0:
        return _("Full")
    return ngettext("%(num)d place left", "%(num)d places left", places)


def refusal_words(reason: str) -> str:
    return {
        "full": _("Sorry, this time is now full. Choose another time."),
        "closed": _("Booking for this time has closed. Choose another time."),
        "not_open": _("Booking for this time has not opened yet. Choose another time."),
        "started": _("This time has already started. Choose another time."),
        "already_booked": _(
            "You already have a place at another time for this. "
            "To change it, go back to your bookings and choose Change."
        ),
        "cut_off": _(
            "It is too late to change or cancel this booking on the website. "
            "Contact the person who invited you."
        ),
        "withdrawn": _(
            "You told us you no longer want to take part, so we cannot book a place for you. "
            "To take part again, contact the team who invited you."
        ),
        "members_only": _("This is a panel's meeting. Only its members can come."),
    }.get(reason, _("Sorry, you cannot book this time. Choose another time."))


@booking_pages.app_context_processor
def booking_words() -> dict[str, Any]:
    return {
        "access_words": access_words,
        "format_words": format_words,
        "places_words": places_words,
    }


@booking_pages.get("/book")
@require_participant
def my_bookings() -> str:
    found = reads("participant_reads").my_bookings(_me(), now())
    return render_template(
        "book/index.html",
        bookings=found.bookings,
        sessions=found.sessions,
        waits=found.waits,
        cancelled=request.args.get("cancelled") == "1",
        turned_down=request.args.get("done") == "turned_down",
    )


def _session_or_404(session_id: str) -> BookableSession:
    session = reads("participant_reads").session_for(_me(), session_id, now())
    if session is None:
        abort(404)
    return session


def _choose_page(
    session: BookableSession, errors: dict[str, str] | None = None, chosen: str | None = None
) -> str:
    return render_template("book/choose.html", session=session, errors=errors, chosen=chosen)


@booking_pages.route("/book/sessions/<session_id>", methods=["GET", "POST"])
@require_participant
def choose_time(session_id: str) -> str | Response | tuple[str, int]:
    session = _session_or_404(session_id)
    if request.method == "GET":
        return _choose_page(session)
    slot_id = request.form.get(FIELD, "").strip()
    if not slot_id:
        return _choose_page(session, {FIELD: _("Choose a time")}), 400
    if slot_id not in {s.slot_id for s in session.slots}:
        return _choose_page(session, {FIELD: _("Choose one of the times shown")}), 422
    moving = session.held is not None
    command = MoveBooking(slot_id, _me()) if moving else BookSlot(slot_id, _me(), booked_via="web")
    try:
        result = handle(command)
    except BookingRefused as refused:
        session = _session_or_404(session_id)  # the places left now
        return _choose_page(session, {FIELD: refusal_words(refused.reason)}, slot_id), 409
    except NotFound:
        abort(404)
    return redirect(f"/book/bookings/{result.booking.id}")


@booking_pages.get("/book/bookings/<booking_id>")
@require_participant
def booked(booking_id: str) -> str:
    booking = reads("participant_reads").booking_for(_me(), booking_id, now())
    if booking is None:
        abort(404)
    return render_template("book/booked.html", booking=booking)


@booking_pages.get("/book/bookings/<booking_id>/calendar.ics")
@require_participant
def booked_calendar(booking_id: str) -> Response:
    """The booked page's "Add to your calendar": the entry the confirmation email attaches
    (same UID, so adding both leaves one entry), for their own confirmed booking only."""
    booking = reads("participant_reads").booking_for(_me(), booking_id, now())
    if booking is None:
        abort(404)
    details = {
        "calendar_uid": f"{booking.session_id}.{_me()}",
        "calendar_sequence": int(now().timestamp()),
        "booking_id": booking.booking_id,
        "starts_at": booking.starts_at.isoformat(),
        "ends_at": booking.ends_at.isoformat(),
        "activity_title": booking.activity_title,
        "location": booking.location,
        "joining_url": booking.joining_url,
    }
    response = make_response(session_invite(details, now()))
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'attachment; filename="booking.ics"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@booking_pages.route("/book/bookings/<booking_id>/cancel", methods=["GET", "POST"])
@require_participant
def cancel(booking_id: str) -> str | Response | tuple[str, int]:
    booking = reads("participant_reads").booking_for(_me(), booking_id, now())
    if booking is None:
        abort(404)
    if request.method == "GET":
        return render_template("book/cancel.html", booking=booking)
    try:
        handle(CancelBooking(booking_id))
    except BookingRefused as refused:
        errors = {"cancel-problem": refusal_words(refused.reason)}
        return render_template("book/cancel.html", booking=booking, errors=errors), 409
    return redirect("/book?cancelled=1")
