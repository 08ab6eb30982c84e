"""A participant's optional equality questions, from their magic-link session, answered for
each organisation they are with (each is its own data controller): /join/me/equality lists
them, /join/me/organisations/<id>/equality is one organisation's form. Every question can be
skipped or answered "Prefer not to say"."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.equality.commands import DeleteEqualityAnswers, SaveEqualityAnswers
from services.recruitment.equality.domain.equality import (
    PREFER_NOT,
    QUESTIONS,
    EqualityAnswerRefused,
)
from services.recruitment.equality.entrypoints.equality_labels import ANSWER_LABELS, QUESTION_LABELS
from services.recruitment.equality.service_layer import equality
from services.recruitment.rights.service_layer.organisations_with import my_organisations
from services.recruitment.web import bus, dependency, unit_of_work
from shared.auth import current_participant_id, require_participant
from shared.pages.language import name_in_language

equality_pages = Blueprint("equality", __name__)


def _me() -> str:
    return current_participant_id()  # type: ignore[return-value]


def _form_path(organisation_id: str) -> str:
    return f"/join/me/organisations/{organisation_id}/equality"


def _questions() -> list[dict[str, Any]]:
    questions = []
    for name, answers in QUESTIONS.items():
        legend, hint = QUESTION_LABELS[name]
        options = [(a, _(ANSWER_LABELS[a])) for a in (*answers, PREFER_NOT)]
        questions.append(
            {"name": name, "legend": _(legend), "hint": hint and _(hint), "options": options}
        )
    return questions


@equality_pages.get("/join/me/equality")
@require_participant
def my_equality() -> Any:
    """The organisations they can answer for; with only one, its form (emails link here)."""
    organisations = my_organisations(_me(), unit_of_work())
    if len(organisations) == 1:
        done = request.args.get("done")
        query = f"?{urlencode({'done': done})}" if done else ""
        return redirect(_form_path(organisations[0].id) + query)
    named = [(o.id, name_in_language(o.name, o.welsh_name)) for o in organisations]
    return render_template("equality/organisations.html", organisations=named)


def _answering_for(organisation_id: str) -> str:
    """The organisation's name, if they are with it; any other is not found."""
    try:
        found = equality.answering_for(_me(), organisation_id, unit_of_work())
    except NotFound:
        abort(404)
    return name_in_language(found.name, found.welsh_name)


def _page(
    organisation_id: str,
    organisation: str,
    answers: dict[str, Any],
    errors: dict[str, str] | None = None,
    notice: str = "",
) -> str:
    return render_template(
        "equality/form.html",
        questions=_questions(),
        answers=answers,
        errors=errors,
        notice=notice,
        organisation=organisation,
        action=_form_path(organisation_id),
        several=len(my_organisations(_me(), unit_of_work())) > 1,
    )


@equality_pages.route("/join/me/organisations/<organisation_id>/equality", methods=["GET", "POST"])
@require_participant
def my_equality_for(organisation_id: str) -> Any:
    organisation = _answering_for(organisation_id)
    if request.method == "GET":
        answers = equality.my_answers(
            _me(), organisation_id, unit_of_work(), dependency("answers_on")
        )
        notices = {
            "saved": _("Thank you. Your answers are saved."),
            "deleted": _("Your answers are deleted."),
        }
        notice = notices.get(request.args.get("done", ""), "")
        return _page(organisation_id, organisation, answers, notice=notice)
    answers = {name: request.form.get(name) or None for name in QUESTIONS}
    try:
        bus().handle(SaveEqualityAnswers(_me(), organisation_id, answers))
    except EqualityAnswerRefused as exc:
        return _page(organisation_id, organisation, answers, {exc.field: _(exc.message)}), 400
    return redirect(f"{_form_path(organisation_id)}?done=saved")


@equality_pages.post("/join/me/organisations/<organisation_id>/equality/delete")
@require_participant
def delete_my_equality(organisation_id: str) -> Response:
    _answering_for(organisation_id)
    bus().handle(DeleteEqualityAnswers(_me(), organisation_id))
    return redirect(f"{_form_path(organisation_id)}?done=deleted")
