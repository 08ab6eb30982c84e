"""A participant's own scheduling data (/book/me/data.json to download, /book/me/data to
read), from their participant session; /join/me links to both."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from flask import Blueprint, Response, render_template
from flask_babel import gettext as _

from services.scheduling.web import reads
from shared.auth import current_participant_id, require_participant

my_data_pages = Blueprint("my_data", __name__)


@my_data_pages.app_context_processor
def data_words() -> dict[str, Any]:
    def status_words(status: str) -> str:
        return {
            "confirmed": _("Booked"),
            "pending": _("Waiting for approval"),
            "cancelled": _("Cancelled"),
            "rejected": _("Not approved"),
        }.get(status, status)

    def via_words(via: str | None) -> str:
        return {
            "web": _("On the website"),
            "sms": _("By text"),
            "coordinator": _("By the team"),
        }.get(via or "", _("Not recorded"))

    def membership_words(status: str) -> str:
        return {
            "invited": _("Asked, no answer yet"),
            "joined": _("Member"),
            "declined": _("Said no"),
            "left": _("Left the panel"),
        }.get(status, status)

    def answer_words(answer: str | None) -> str:
        return {"yes": _("Coming"), "no": _("Not coming")}.get(answer or "", _("No answer yet"))

    return {
        "status_words": status_words,
        "via_words": via_words,
        "membership_words": membership_words,
        "answer_words": answer_words,
    }


def _iso(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _mine() -> dict[str, Any]:
    participant_id = current_participant_id()
    assert participant_id is not None  # require_participant let them in
    return reads("my_data_reads").export(participant_id)


@my_data_pages.get("/book/me/data.json")
@require_participant
def download() -> Response:
    body = json.dumps(_mine(), indent=2, ensure_ascii=False, default=_iso)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="chorus-bookings.json"'},
    )


@my_data_pages.get("/book/me/data")
@require_participant
def readable() -> str:
    return render_template("book/my_data.html", data=_mine())
