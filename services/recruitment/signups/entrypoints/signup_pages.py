"""Public sign-up pages: open activities, each one's plain-language page, and its sign-up form.
/join/<CODE> is the same page reached through a channel (partner link, poster), so the
sign-up is attributed to it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from marshmallow import ValidationError

from services.recruitment.activities.domain.activity import AGE_BANDS
from services.recruitment.activities.domain.channels import normalise_code
from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.organisations.adapters.repository import organisation_for_pages
from services.recruitment.participants.domain.consent import CURRENT_CONSENT_VERSION
from services.recruitment.participants.domain.model import SignUpRejected
from services.recruitment.signups.entrypoints.signup_forms import (
    AVAILABILITY_LABELS,
    NEED_LABELS,
    SignUpForm,
    form_data,
    profile_from,
)
from services.recruitment.signups.service_layer import signups
from services.recruitment.staff.entrypoints.forms import first_errors
from services.recruitment.web import activity_views, bus, unit_of_work
from shared.address_limits import limited_per_address
from shared.pages import page_about

signup_pages = Blueprint("signup", __name__)
Snapshot = dict[str, Any]  # an activity as domain/snapshots.py gives it


@signup_pages.get("/join")
def open_activities() -> str:
    found = activity_views().all_activities(only_open=True)
    return render_template("join/list.html", activities=found)


def _activity(activity_id: str | None, code: str | None) -> Snapshot:
    if code:
        found = activity_views().reached_by(code)
    else:
        found = activity_views().activity(activity_id or "")
    if found is None or found["status"] == "draft":
        abort(404)
    # The page and its confirmation are the activity's organisation's: its name, logo, notice.
    page_about(organisation_for_pages(found["organisation_id"], unit_of_work()))
    return found


def _page(activity: Snapshot, action: str, form: dict, errors: dict | None = None):  # type: ignore[no-untyped-def, type-arg]
    return render_template(
        "join/activity.html",
        activity=activity,
        action=action,
        form=form,
        errors=errors,
        needs=[(k, _(v)) for k, v in NEED_LABELS.items()],
        times=[(k, _(v)) for k, v in AVAILABILITY_LABELS.items()],
        ages=[
            *((band, band.replace("-", " to ")) for band in AGE_BANDS),
            ("", _("Prefer not to say")),
        ],
        tags=[(t, t.replace("_", " ").capitalize()) for t in activity["who"].tags],
    )


@signup_pages.route("/join/activities/<activity_id>", methods=["GET", "POST"])
@limited_per_address
def activity_page(activity_id: str):  # type: ignore[no-untyped-def]
    return _sign_up(_activity(activity_id, None), None, request.path)


@signup_pages.route("/join/<code>", methods=["GET", "POST"])
@limited_per_address
def channel_page(code: str):  # type: ignore[no-untyped-def]
    return _sign_up(_activity(None, normalise_code(code)), normalise_code(code), request.path)


def _sign_up(activity: Snapshot, code: str | None, action: str):  # type: ignore[no-untyped-def]
    if request.method == "GET" or not activity["accepts_sign_ups"]:
        return _page(activity, action, {})
    data = form_data(request.form)
    try:
        form = SignUpForm().load(data)
        signed_up = bus().handle(_command(form, activity["id"], code))
    except ValidationError as exc:
        return _page(activity, action, data, first_errors(exc.messages)), 400
    except SignUpRejected as exc:
        return _page(activity, action, data, {exc.field: _(exc.message)}), 400
    except NotFound:
        abort(404)
    return render_template(
        "join/thanks.html", activity=activity, channel=form["preferred_channel"], new=signed_up
    )


def _command(form: dict, activity_id: str, code: str | None) -> signups.SignUpForActivity:  # type: ignore[type-arg]
    profile = profile_from(form)
    return signups.SignUpForActivity(
        preferred_name=form["preferred_name"].strip(),
        phone=form["phone"],
        email=form["email"],
        preferred_channel=form["preferred_channel"],
        language=form["language"],
        consent_version=CURRENT_CONSENT_VERSION,
        special_consent=form["special_consent"],
        profile=profile,
        code=code,
        activity_id=activity_id,
    )
