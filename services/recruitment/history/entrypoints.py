"""A contributor's history for staff (/join/manage/people/<id>: one page, by name, in time
order, only what their organisation may see) and the person's own contact note
(/join/me/contact-note, on their page)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from werkzeug.wrappers import Response

from services.recruitment.history import domain as kinds
from services.recruitment.history.commands import SetContactNote
from services.recruitment.history.ports import HistoryLine, HistoryViews
from services.recruitment.history.service_layer import NoteTooLong
from services.recruitment.signups.entrypoints.signup_forms import NEED_LABELS
from services.recruitment.web import bus, dependency
from shared.auth import current_participant_id, require_participant, require_staff
from shared.pages.formats import uk_datetime, uk_money
from shared.pages.language import select_language
from shared.vocabulary.recruitment import ORGANISERS

history_pages = Blueprint("history", __name__)
FIELD = "contact_note"


def _views() -> HistoryViews:
    return dependency("history_views")  # type: ignore[no-any-return]


def what_words(line: HistoryLine) -> str:
    if line.kind == kinds.INVITED:
        return _("Invited to %(activity)s", activity=line.activity_title or _("an activity"))
    return {
        kinds.SIGNED_UP: _("Signed up"),
        kinds.CONSENT_GIVEN: _("Agreed to take part"),
        kinds.CONSENT_WITHDRAWN: _("Withdrew their agreement"),
        kinds.NEEDS_GIVEN: _("Told us the help they need"),
        kinds.NEEDS_CHANGED: _("Changed the help they need"),
        kinds.BOOKED: _("Booked a place"),
        kinds.MOVED: _("Changed the time"),
        kinds.CANCELLED: _("Booking cancelled"),
        kinds.ATTENDANCE: _("Attendance recorded"),
        kinds.PAYMENT_DUE: _("Payment owed"),
        kinds.EXPENSES_CLAIMED: _("Claimed expenses"),
        kinds.PAYMENT_APPROVED: _("Payment approved"),
        kinds.PAID: _("Paid"),
        kinds.PAYMENT_FAILED: _("Payment did not go through"),
        kinds.MESSAGE: _("Message"),
    }.get(line.kind, line.kind)


def _channel(code: str | None) -> str:
    return {"sms": _("text message"), "email": _("email")}.get(code or "", code or "")


def _way_in(code: str | None) -> str:
    return {
        "web": _("on the website"),
        "sms": _("by text"),
        "email_invitation": _("from an email invitation"),
        "partner_link": _("through a partner's link"),
        "qr_poster": _("from a poster"),
        "coordinator": _("by the team"),
    }.get(code or "", code or "")


# Each message notifications sends, in the words staff see in a history line (never its code).
MESSAGE_WORDS = {
    "welcome": lazy_gettext("welcome"),
    "magic_link": lazy_gettext("sign-in link"),
    "invitation": lazy_gettext("invitation"),
    "booking_confirmed": lazy_gettext("booking confirmed"),
    "booking_cancelled": lazy_gettext("booking cancelled"),
    "booking_moved": lazy_gettext("time changed"),
    "booking_options": lazy_gettext("times to book"),
    "reminder": lazy_gettext("reminder"),
    "session_cancelled": lazy_gettext("session called off"),
    "payment_approved": lazy_gettext("payment approved"),
    "payment_sent": lazy_gettext("payment sent"),
    "payment_failed": lazy_gettext("payment failed"),
    "poll_invitation": lazy_gettext("when can you come"),
    "place_offered": lazy_gettext("place offered"),
    "no_show_check_in": lazy_gettext("sorry we missed you"),
    "arrangements_made": lazy_gettext("what we have arranged"),
    "bank_details": lazy_gettext("how to be paid"),
    "bank_refused": lazy_gettext("bank details not accepted"),
    "booking_help": lazy_gettext("help with booking"),
    "booking_rejected": lazy_gettext("booking not accepted"),
    "expense_submitted": lazy_gettext("expenses received"),
    "feedback_request": lazy_gettext("how was it"),
    "feedback_reply": lazy_gettext("thanks for the feedback"),
    "outcome_published": lazy_gettext("what we did with what they said"),
    "panel_invitation": lazy_gettext("invitation to join a panel"),
    "panel_meeting": lazy_gettext("panel meeting"),
    "panel_answered": lazy_gettext("panel answer noted"),
    "payment_rejected": lazy_gettext("payment not approved"),
    "payout_destination": lazy_gettext("where to be paid"),
    "poll_answered": lazy_gettext("times that suit noted"),
    "sms_sign_up": lazy_gettext("signing up by text"),
}


def _template(code: str | None) -> str:
    words = MESSAGE_WORDS.get(code or "")
    return str(words) if words is not None else (code or "").replace("_", " ")


def _outcome(code: str | None) -> str:
    return {
        "attended": _("Attended"),
        "partly_attended": _("Partly attended"),
        "no_show": _("Did not come"),
        "excused": _("Excused"),
        "took_part": _("Took part"),  # from the records kept before the history began
    }.get(code or "", code or "")


def when_words(line: HistoryLine) -> str:
    """The line's time; a line backfilled from records with no time of their own says so."""
    if line.details.get("time_known") is False:
        return _("Not known (from records kept before this history began)")
    return uk_datetime(line.at, select_language())


def detail_words(line: HistoryLine) -> str:
    """What else staff need to know, in plain words; never a message's words."""
    d, lang = line.details, select_language()
    starts = _("for %(when)s", when=uk_datetime(_moment(d.get("starts_at")), lang))
    if line.kind == kinds.SIGNED_UP:
        return _way_in(d.get("channel"))
    if line.kind in (kinds.CONSENT_GIVEN, kinds.CONSENT_WITHDRAWN):
        return _("health details") if d.get("scope") == "special_category" else _("taking part")
    if line.kind in kinds.ABOUT_THE_PERSON:
        needs = [_(NEED_LABELS.get(code, code)) for code in d.get("needs") or []]
        return ", ".join(needs) or _("No help needed")
    if line.kind in (kinds.BOOKED, kinds.MOVED, kinds.CANCELLED):
        return starts if d.get("starts_at") else ""
    if line.kind == kinds.ATTENDANCE:
        minutes = d.get("minutes")
        said = _outcome(d.get("outcome"))
        return (
            _("%(outcome)s, %(minutes)s minutes", outcome=said, minutes=minutes)
            if minutes
            else said
        )
    if line.kind in (
        kinds.PAYMENT_DUE,
        kinds.EXPENSES_CLAIMED,
        kinds.PAYMENT_APPROVED,
        kinds.PAID,
        kinds.PAYMENT_FAILED,
    ):
        amount = d.get("amount_pence")
        return uk_money(int(amount), lang) if amount is not None else ""
    if line.kind == kinds.MESSAGE:
        return _message(d)
    return ""


def _message(d: dict[str, Any]) -> str:
    # "sent" until a carrier's receipt says "delivered": never more than is known.
    status = {
        kinds.SENT: _("sent"),
        "failed": _("not sent"),
        kinds.DELIVERED: _("delivered"),
        kinds.NOT_DELIVERED: _("not delivered"),
    }.get(d.get("status") or "", "")
    return _(
        "%(channel)s, %(about)s: %(status)s",
        channel=_channel(d.get("channel")),
        about=_template(d.get("template")),
        status=status,
    )


def _moment(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


@history_pages.get("/join/manage/people/<participant_id>")
@require_staff(*ORGANISERS)
def person_page(participant_id: str) -> str:
    person = _views().person(participant_id)
    if person is None:  # unknown, or never signed up with this organisation
        abort(404)
    return render_template(
        "manage/person.html",
        person=person,
        what_words=what_words,
        detail_words=detail_words,
        when_words=when_words,
    )


def _note_page(value: str, error: str | None = None) -> str:
    return render_template("me/contact_note.html", value=value, error=error)


@history_pages.route("/join/me/contact-note", methods=["GET", "POST"])
@require_participant
def contact_note() -> str | Response | tuple[str, int]:
    me = current_participant_id()
    assert me is not None
    if request.method == "GET":
        with bus().uow_factory() as uow:
            return _note_page(uow.history.note_of(me) or "")
    value = request.form.get(FIELD, "")
    try:
        bus().handle(SetContactNote(me, value))
    except NoteTooLong:
        return _note_page(
            value, _("Your note must be %(count)s characters or fewer", count=kinds.NOTE_LIMIT)
        ), 400
    return redirect("/join/me?changed=1")
