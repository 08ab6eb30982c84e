"""Participants' availability poll page (/book/polls/<poll_id>): tick the times that suit, or
"None of these suit me". Only people invited to the poll see it; anyone else gets a 404."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_datetime
from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _

from services.scheduling.polls.commands import (
    AnswerPoll,
)
from services.scheduling.polls.domain import PollRefused
from services.scheduling.polls.ports import InvitedPoll
from services.scheduling.ports import NotFound
from services.scheduling.web import handle, now, reads
from shared.auth import current_participant_id, require_participant
from shared.pages.formats import LONDON, uk_datetime
from shared.pages.language import select_language

poll_pages = Blueprint("polls", __name__)

FIELD = "choices"  # the checkboxes' name, and the id the error summary links to
NONE = "none"  # the "None of these suit me" checkbox's value


def _me() -> str:
    participant_id = current_participant_id()
    assert participant_id is not None  # require_participant let them in
    return participant_id


def option_label(starts_at: datetime, ends_at: datetime) -> str:
    """'Wednesday 2 December, 10:30am to 12:00pm' (UK time)."""
    language = select_language()
    end = format_datetime(ends_at, "h:mma", tzinfo=LONDON, locale=language)
    end = end.replace("AM", "am").replace("PM", "pm")
    return _("%(start)s to %(end)s", start=uk_datetime(starts_at, language), end=end)


def _page(
    poll: InvitedPoll, errors: dict[str, str] | None = None, chosen: list[str] | None = None
) -> str:
    if chosen is None and poll.chosen is not None:
        chosen = [str(n) for n in poll.chosen] or [NONE]
    options = [(str(o.number), option_label(o.starts_at, o.ends_at)) for o in poll.options]
    return render_template(
        "book/poll.html", poll=poll, options=options, errors=errors, chosen=chosen or []
    )


@poll_pages.route("/book/polls/<poll_id>", methods=["GET", "POST"])
@require_participant
def answer_poll(poll_id: str) -> str | tuple[str, int]:
    poll = reads("poll_reads").invited_poll(poll_id, _me(), now())
    if poll is None:
        abort(404)
    if not poll.is_open:
        return render_template("book/poll_closed.html", poll=poll)
    if request.method == "GET":
        return _page(poll)
    ticked = [value.strip() for value in request.form.getlist(FIELD)]
    if not ticked:
        message = _("Choose the times that suit you, or None of these suit me")
        return _page(poll, {FIELD: message}), 400
    if NONE in ticked and len(ticked) > 1:
        message = _("Choose the times that suit you, or None of these suit me, not both")
        return _page(poll, {FIELD: message}, ticked), 400
    numbers = {str(o.number): o.number for o in poll.options}
    if any(value not in numbers and value != NONE for value in ticked):
        return _page(poll, {FIELD: _("Choose from the times shown")}), 422
    choices = frozenset(numbers[value] for value in ticked if value != NONE)
    try:
        recorded = handle(AnswerPoll(poll_id, _me(), choices, "web"))
    except NotFound:
        abort(404)
    except PollRefused as refused:
        if refused.reason == "closed":
            return render_template("book/poll_closed.html", poll=poll), 409
        return _page(poll, {FIELD: _("Choose from the times shown")}), 422
    suits = [o for o in poll.options if o.number in recorded.choices]
    labels = [option_label(o.starts_at, o.ends_at) for o in suits]
    return render_template("book/poll_thanks.html", poll=poll, labels=labels)
