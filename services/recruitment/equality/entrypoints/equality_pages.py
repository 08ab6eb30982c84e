"""A participant's optional equality questions (/join/me/equality), from their magic-link
session. Every question can be skipped or answered "Prefer not to say"."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from services.recruitment.equality.commands import DeleteEqualityAnswers, SaveEqualityAnswers
from services.recruitment.equality.domain.equality import (
    PREFER_NOT,
    QUESTIONS,
    EqualityAnswerRefused,
)
from services.recruitment.equality.entrypoints.equality_labels import ANSWER_LABELS, QUESTION_LABELS
from services.recruitment.equality.service_layer import equality
from services.recruitment.web import bus, dependency, unit_of_work
from shared.auth import current_participant_id, require_participant

equality_pages = Blueprint("equality", __name__)


def _me() -> str:
    return current_participant_id()  # type: ignore[return-value]


def _questions() -> list[dict[str, Any]]:
    questions = []
    for name, answers in QUESTIONS.items():
        legend, hint = QUESTION_LABELS[name]
        options = [(a, _(ANSWER_LABELS[a])) for a in (*answers, PREFER_NOT)]
        questions.append(
            {"name": name, "legend": _(legend), "hint": hint and _(hint), "options": options}
        )
    return questions


def _page(answers: dict[str, Any], errors: dict[str, str] | None = None, notice: str = "") -> str:
    return render_template(
        "equality/form.html", questions=_questions(), answers=answers, errors=errors, notice=notice
    )


@equality_pages.route("/join/me/equality", methods=["GET", "POST"])
@require_participant
def my_equality() -> Any:
    if request.method == "GET":
        answers = equality.my_answers(_me(), unit_of_work(), dependency("answers_on"))
        notices = {
            "saved": _("Thank you. Your answers are saved."),
            "deleted": _("Your answers are deleted."),
        }
        return _page(answers, notice=notices.get(request.args.get("done", ""), ""))
    answers = {name: request.form.get(name) or None for name in QUESTIONS}
    try:
        bus().handle(SaveEqualityAnswers(_me(), answers))
    except EqualityAnswerRefused as exc:
        return _page(answers, {exc.field: _(exc.message)}), 400
    return redirect("/join/me/equality?done=saved")


@equality_pages.post("/join/me/equality/delete")
@require_participant
def delete_my_equality() -> Response:
    bus().handle(DeleteEqualityAnswers(_me()))
    return redirect("/join/me/equality?done=deleted")
