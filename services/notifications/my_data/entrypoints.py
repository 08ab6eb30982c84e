"""A participant's own data held by notifications: /messages/me/data (to read) and
/messages/me/data.json (to download), from their magic-link session."""

from __future__ import annotations

import json

from flask import Blueprint, Response, render_template
from flask_babel import lazy_gettext

from services.notifications.web import views
from shared.auth import current_participant_id, require_participant

my_pages = Blueprint("my_messages", __name__)

# What each kind of message was about, in words a person knows.
ABOUT = {
    "welcome": lazy_gettext("Welcome to Chorus"),
    "magic_link": lazy_gettext("A link to sign in"),
    "invitation": lazy_gettext("An invitation to take part"),
    "booking_confirmed": lazy_gettext("Your booking"),
    "booking_moved": lazy_gettext("Your booking was moved"),
    "booking_cancelled": lazy_gettext("Your booking was cancelled"),
    "booking_rejected": lazy_gettext("A booking we could not accept"),
    "session_cancelled": lazy_gettext("A session was called off"),
    "reminder": lazy_gettext("A reminder about a session"),
    "place_offered": lazy_gettext("A place kept for you"),
    "booking_options": lazy_gettext("Times you could book"),
    "booking_help": lazy_gettext("Help with booking by text"),
    "poll_invitation": lazy_gettext("Which times suit you"),
    "poll_answered": lazy_gettext("Your answer about times"),
    "panel_invitation": lazy_gettext("An invitation to join a panel"),
    "panel_meeting": lazy_gettext("A panel meeting"),
    "panel_answered": lazy_gettext("Your answer about a panel"),
    "no_show_check_in": lazy_gettext("Checking in after a session"),
    "payment_approved": lazy_gettext("A payment approved"),
    "payment_rejected": lazy_gettext("A payment claim not approved"),
    "payment_sent": lazy_gettext("A payment sent"),
    "payment_failed": lazy_gettext("A payment that did not work"),
    "bank_details": lazy_gettext("Your bank details"),
    "bank_refused": lazy_gettext("Your bank sent a payment back"),
    "payout_destination": lazy_gettext("A change to where we pay you"),
    "expense_submitted": lazy_gettext("Your expenses claim"),
    "sms_sign_up": lazy_gettext("Signing up by text"),
    "outcome_published": lazy_gettext("What changed because of your help"),
}


def _mine() -> dict:
    data = views().my_messages(str(current_participant_id()))
    for message in data["messages"]:
        message["about"] = str(ABOUT.get(message["template"], message["template"]))
    return data


@my_pages.get("/messages/me/data")
@require_participant
def my_data() -> str:
    return render_template("messages/my_data.html", **_mine())


@my_pages.get("/messages/me/data.json")
@require_participant
def my_data_json() -> Response:
    body = json.dumps(_mine(), indent=2, default=str, ensure_ascii=False)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-chorus-messages.json"'},
    )
