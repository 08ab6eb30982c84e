"""The participant's feedback form (/book/feedback/<request_id>), reached from the message's
link: how was it (1 to 5) and a few words, both optional. Only the person asked sees it."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _

from services.scheduling.feedback.commands import GiveFeedback
from services.scheduling.feedback.domain import MAX_WORDS, RATINGS, FeedbackRefused
from services.scheduling.feedback.ports import FeedbackQuestion
from services.scheduling.organisations.service_layer import organisation_of_activity
from services.scheduling.ports import NotFound
from services.scheduling.web import handle, reads, unit_of_work
from shared.auth import current_participant_id, require_participant
from shared.pages import page_about

form_pages = Blueprint("feedback", __name__)

RATING, WORDS = "rating", "words"  # the fields' names, and the ids the error summary links to


def rating_options() -> list[tuple[str, str]]:
    words = {1: _("1 - very poor"), 2: _("2 - poor"), 3: _("3 - OK"), 4: _("4 - good"),
             5: _("5 - very good")}  # fmt: skip
    return [(str(n), words[n]) for n in reversed(RATINGS)]


def _me() -> str:
    participant_id = current_participant_id()
    assert participant_id is not None  # require_participant let them in
    return participant_id


def _page(
    question: FeedbackQuestion,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
) -> str:
    if form is None:
        rating = str(question.rating) if question.rating else ""
        form = {RATING: rating, WORDS: question.words or ""}
    return render_template(
        "book/feedback.html",
        question=question,
        options=rating_options(),
        errors=errors,
        form=form,
        max_words=MAX_WORDS,
    )


@form_pages.route("/book/feedback/<request_id>", methods=["GET", "POST"])
@require_participant
def give_feedback(request_id: str) -> str | tuple[str, int]:
    question = reads("feedback_reads").question(request_id, _me())
    if question is None:
        abort(404)
    # The activity's organisation's page: its name, logo, notice and contact.
    page_about(organisation_of_activity(question.activity_id, unit_of_work()))
    if request.method == "GET":
        return _page(question)
    form = {RATING: request.form.get(RATING, "").strip(), WORDS: request.form.get(WORDS, "")}
    if form[RATING] and form[RATING] not in {str(n) for n in RATINGS}:
        return _page(question, {RATING: _("Choose a number from 1 to 5")}, form), 422
    rating = int(form[RATING]) if form[RATING] else None
    try:
        handle(GiveFeedback(request_id, _me(), rating, form[WORDS]))
    except NotFound:
        abort(404)
    except FeedbackRefused as refused:
        errors = {
            "empty": {RATING: _("Choose a number, or write a few words")},
            "too_long": {WORDS: _("Write %(max)d characters or fewer", max=MAX_WORDS)},
        }.get(refused.reason, {RATING: _("Choose a number from 1 to 5")})
        return _page(question, errors, form), 400 if refused.reason == "empty" else 422
    return render_template("book/feedback_thanks.html", question=question)
