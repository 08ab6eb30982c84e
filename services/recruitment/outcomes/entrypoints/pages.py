""" "You said, we did" pages: the coordinator's outcomes of an activity (draft, edit, publish)
under /join/manage, and the public page of its published outcomes, /join/activities/<id>/outcomes
(no sign-in; the link texts carry)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, get_flashed_messages, redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.organisations.adapters.repository import organisation_for_pages
from services.recruitment.outcomes.commands import (
    ChooseOutcomeUpdates,
    EditOutcome,
    PublishOutcome,
    RecordOutcome,
)
from services.recruitment.outcomes.domain.outcome import OutcomeRuleBroken
from services.recruitment.outcomes.entrypoints.forms import data_of, form_data, words_from
from services.recruitment.outcomes.service_layer import views
from services.recruitment.staff.entrypoints.forms import _n
from services.recruitment.web import bus, unit_of_work
from shared.auth import current_participant_id, current_staff, require_participant, require_staff
from shared.pages import page_about
from shared.vocabulary.recruitment import ORGANISERS

outcome_pages = Blueprint("outcomes", __name__)
MANAGE = "/join/manage/activities/{}/outcomes"

# The domain's and the form's messages (OutcomeRuleBroken), translated when shown.
_n("Enter what changed, or what you looked at.")
_n("The title must be 120 characters or fewer.")
_n("The description must be 1,000 characters or fewer.")
_n("Choose what happened.")
_n("Say why nothing changed, in plain words.")
_n("The reason must be 1,000 characters or fewer.")
_n("The link must start with https://")
_n("Enter a real date, like 4 12 2026.")
_n("This is published, so it cannot be changed.")
_n("This is already published.")


def _outcomes(activity_id: str, published_only: bool = False) -> dict[str, Any]:
    try:
        return views.activity_outcomes(activity_id, unit_of_work(), published_only)
    except NotFound:
        abort(404)


def _list_page(activity_id: str, form: dict[str, str], errors: dict[str, str] | None) -> str:
    return render_template(
        "outcomes/manage.html",
        view=_outcomes(activity_id),
        form=form,
        errors=errors,
        done=get_flashed_messages(),
    )


@outcome_pages.get("/join/manage/activities/<activity_id>/outcomes")
@require_staff(*ORGANISERS)
def manage(activity_id: str) -> str:
    return _list_page(activity_id, {}, None)


@outcome_pages.post("/join/manage/activities/<activity_id>/outcomes")
@require_staff(*ORGANISERS)
def record(activity_id: str) -> Any:
    data = form_data(request.form)
    try:
        staff_id = current_staff().id  # type: ignore[union-attr]
        bus().handle(RecordOutcome(activity_id, words_from(data), staff_id))
    except NotFound:
        abort(404)
    except OutcomeRuleBroken as exc:
        return _list_page(activity_id, data, {exc.field: _(exc.message)}), 400
    flash(_("Outcome saved as a draft. Publish it when it is ready."))
    return redirect(MANAGE.format(activity_id))


def _edit_page(outcome: dict[str, Any], form: dict[str, str], errors: Any = None) -> str:
    return render_template("outcomes/edit.html", outcome=outcome, form=form, errors=errors)


def _one(activity_id: str, outcome_id: str) -> dict[str, Any]:
    try:
        return views.one_outcome(activity_id, outcome_id, unit_of_work())
    except NotFound:
        abort(404)


@outcome_pages.get("/join/manage/activities/<activity_id>/outcomes/<outcome_id>")
@require_staff(*ORGANISERS)
def edit_page(activity_id: str, outcome_id: str) -> str:
    outcome = _one(activity_id, outcome_id)
    return _edit_page(outcome, data_of(outcome))


@outcome_pages.post("/join/manage/activities/<activity_id>/outcomes/<outcome_id>")
@require_staff(*ORGANISERS)
def edit(activity_id: str, outcome_id: str) -> Any:
    outcome = _one(activity_id, outcome_id)
    data = form_data(request.form)
    try:
        bus().handle(EditOutcome(activity_id, outcome_id, words_from(data)))
    except OutcomeRuleBroken as exc:
        return _edit_page(outcome, data, {exc.field: _(exc.message)}), 400
    flash(_("Changes saved."))
    return redirect(MANAGE.format(activity_id))


@outcome_pages.post("/join/manage/activities/<activity_id>/outcomes/<outcome_id>/publish")
@require_staff(*ORGANISERS)
def publish(activity_id: str, outcome_id: str) -> Response:
    try:
        told = bus().handle(PublishOutcome(activity_id, outcome_id))
    except NotFound:
        abort(404)
    except OutcomeRuleBroken as exc:
        flash(_(exc.message))
    else:
        flash(_("Published. People we are telling: %(count)d.", count=told))
    return redirect(MANAGE.format(activity_id))


@outcome_pages.get("/join/activities/<activity_id>/outcomes")
def public_page(activity_id: str) -> str:
    view = _outcomes(activity_id, published_only=True)
    if view["status"] == "draft" and not view["outcomes"]:
        abort(404)  # an activity not yet public, with nothing to say
    page_about(organisation_for_pages(view["organisation_id"], unit_of_work()))
    return render_template("outcomes/public.html", view=view)


@outcome_pages.post("/join/me/updates")
@require_participant
def choose_updates() -> Response:
    """The choice on their own page: hear what changed, or not, and stay signed up."""
    wanted = request.form.get("updates") == "yes"
    bus().handle(ChooseOutcomeUpdates(current_participant_id(), wanted))  # type: ignore[arg-type]
    return redirect(f"/join/me?updates={'on' if wanted else 'off'}")
