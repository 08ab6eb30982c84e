"""Coordinators' pages (/join/manage): their activities, a form to draft one, and for each
activity its channels, who is interested (filtered), shortlisting and inviting in waves."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, get_flashed_messages, redirect, render_template, request
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from services.recruitment.activities.commands import AddChannel, CreateActivity, SetActivityStatus
from services.recruitment.activities.domain.activity import AGE_BANDS, ActivityRuleBroken
from services.recruitment.activities.domain.channels import CHANNEL_KINDS, ChannelRuleBroken
from services.recruitment.activities.entrypoints.manage_forms import ActivityForm, form_data
from services.recruitment.activities.service_layer import activities
from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.invitations.commands import Shortlist
from services.recruitment.invitations.service_layer import invitations, selection
from services.recruitment.signups.entrypoints.signup_forms import NEED_LABELS
from services.recruitment.staff.entrypoints.forms import _n, first_errors
from services.recruitment.web import activity_views, bus, unit_of_work
from shared.auth import current_staff, require_staff
from shared.vocabulary.recruitment import ORGANISERS

manage_pages = Blueprint("manage", __name__)


@manage_pages.app_template_filter()
def need_label(code: str) -> str:
    return _(NEED_LABELS.get(code, code))


_n("The payment rate must be £1,000 or less.")  # ActivityRuleBroken, shown translated

FILTERS = ("status", "district", "need", "channel", "partner")
AGE_OPTIONS = [(band, band.replace("-", " to ")) for band in AGE_BANDS]


def _activity_or_404(activity_id: str) -> dict[str, Any]:
    found = activity_views().activity(activity_id)
    if found is None:
        abort(404)
    return found


@manage_pages.get("/join/manage")
@require_staff(*ORGANISERS)
def index() -> str:
    return render_template("manage/index.html", activities=activity_views().all_activities())


@manage_pages.route("/join/manage/new", methods=["GET", "POST"])
@require_staff(*ORGANISERS)
def new_activity() -> Any:
    if request.method == "GET":
        return render_template("manage/new.html", form={}, age_options=AGE_OPTIONS)
    data = form_data(request.form)
    try:
        command = activities.DescribeActivity(**ActivityForm().load(data))
        staff_id = current_staff().id  # type: ignore[union-attr]
        activity_id = bus().handle(CreateActivity(command, staff_id))
    except ValidationError as exc:
        errors = first_errors(exc.messages)
    except ActivityRuleBroken as exc:
        errors = {exc.field: _(exc.message)}
    else:
        return redirect(f"/join/manage/activities/{activity_id}")
    return render_template(
        "manage/new.html", form=data, age_options=AGE_OPTIONS, errors=errors
    ), 400


@manage_pages.get("/join/manage/activities/<activity_id>")
@require_staff(*ORGANISERS)
def activity_page(activity_id: str) -> str:
    activity = _activity_or_404(activity_id)
    chosen = {k: v for k, v in request.args.items() if k in FILTERS and v}
    people = selection.interested_people(activity_id, selection.Criteria(**chosen), unit_of_work())
    return render_template(
        "manage/activity.html",
        activity=activity,
        channels=activity_views().channels(activity_id),
        people=people,
        chosen=chosen,
        kinds=CHANNEL_KINDS,
        need_options=[(k, _(v)) for k, v in NEED_LABELS.items()],
        done=get_flashed_messages(),
        errors=None,
    )


@manage_pages.post("/join/manage/activities/<activity_id>/status")
@require_staff(*ORGANISERS)
def change_status(activity_id: str) -> Response:
    status = "open" if request.form.get("status") == "open" else "closed"
    try:
        bus().handle(SetActivityStatus(activity_id, status))
    except NotFound:
        abort(404)
    except ActivityRuleBroken as exc:
        flash(_(exc.message))
    return redirect(f"/join/manage/activities/{activity_id}")


@manage_pages.post("/join/manage/activities/<activity_id>/channels")
@require_staff(*ORGANISERS)
def add_channel(activity_id: str) -> Any:
    form = request.form
    try:
        way_in = AddChannel(
            activity_id, form.get("kind", ""), form.get("code", ""), form.get("partner")
        )
        bus().handle(way_in)
    except NotFound:
        abort(404)
    except ChannelRuleBroken as exc:
        flash(_(exc.message))
    else:
        flash(_("Way in added."))
    return redirect(f"/join/manage/activities/{activity_id}#channels")


@manage_pages.post("/join/manage/activities/<activity_id>/people")
@require_staff(*ORGANISERS)
def act_on_people(activity_id: str) -> Response:
    """One form, two buttons: shortlist the ticked people, or invite them in waves."""
    if activity_views().activity(activity_id) is None:  # unknown, or another organisation's
        abort(404)
    chosen = request.form.getlist("participant_id")
    if not chosen:
        flash(_("Tick at least one person first."))
    elif request.form.get("action") == "shortlist":
        count = bus().handle(Shortlist(activity_id, tuple(chosen)))
        flash(_("%(count)d shortlisted.", count=count))
    else:
        flash(_invite(activity_id, chosen))
    return redirect(f"/join/manage/activities/{activity_id}#people")


def _invite(activity_id: str, chosen: list[str]) -> str:
    try:
        size = max(1, min(1000, int(request.form.get("wave_size") or 50)))
        apart = max(0, min(10080, int(request.form.get("minutes_apart") or 60)))
    except ValueError:
        return _("Enter whole numbers for the wave size and the minutes between waves.")
    cmd = invitations.InviteWaves(activity_id, chosen, size, apart, None)
    try:
        planned = bus().handle(cmd)
    except invitations.NothingToInvite:
        return _("None of these people signed up for this activity.")
    return _(
        "%(count)d invitations planned in %(waves)d waves.",
        count=planned["invitations"],
        waves=planned["waves"],
    )
