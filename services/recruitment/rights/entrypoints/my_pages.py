"""A participant's own pages, reached through their magic link: change details, download
everything we hold, withdraw consent, or ask us to forget them."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, redirect, render_template, request
from flask_babel import gettext as _
from marshmallow import ValidationError

from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.equality.entrypoints.equality_labels import ANSWER_LABELS, QUESTION_LABELS
from services.recruitment.equality.service_layer import equality
from services.recruitment.participants.domain.model import SignUpRejected
from services.recruitment.rights.commands import (
    EraseFromOrganisation,
    ForgetMe,
    LeaveOrganisation,
    UpdateMyDetails,
    WithdrawConsent,
)
from services.recruitment.rights.service_layer import rights
from services.recruitment.rights.service_layer.organisations_with import (
    OrganisationWith,
    erasure_from,
    my_organisations,
)
from services.recruitment.signups.entrypoints.signup_forms import (
    AVAILABILITY_LABELS,
    NEED_LABELS,
    MyDetailsForm,
    form_data,
    profile_from,
)
from services.recruitment.staff.entrypoints.forms import first_errors
from services.recruitment.web import bus, dependency, unit_of_work
from shared.auth import current_participant_id, end_session, require_participant
from shared.pages.language import name_in_language

my_pages = Blueprint("my", __name__)


def organisation_name(organisation: OrganisationWith) -> str:
    return name_in_language(organisation.name, organisation.welsh_name)


def _me() -> str:
    return current_participant_id()  # type: ignore[return-value]


def _details_page(form: dict[str, Any], errors: dict[str, str] | None = None) -> str:
    return render_template(
        "me/details.html",
        form=form,
        errors=errors,
        needs=[(k, _(v)) for k, v in NEED_LABELS.items()],
        times=[(k, _(v)) for k, v in AVAILABILITY_LABELS.items()],
    )


@my_pages.route("/join/me/details", methods=["GET", "POST"])
@require_participant
def change_details() -> Any:
    if request.method == "GET":
        return _details_page(rights.my_details(_me(), unit_of_work()))
    data = form_data(request.form)
    try:
        form = MyDetailsForm().load(data)
        contact = {k: form[k] for k in rights.CONTACT_FIELDS}
        bus().handle(UpdateMyDetails(_me(), **contact, profile=profile_from(form)))
    except ValidationError as exc:
        return _details_page(data, first_errors(exc.messages)), 400
    except SignUpRejected as exc:
        return _details_page(data, {exc.field: _(exc.message)}), 400
    return redirect("/join/me?changed=1")


def _my_data() -> dict[str, Any]:
    data = rights.my_data(_me(), unit_of_work())
    # Kept apart from the profile, so fetched apart too; one set for each organisation given.
    data["equality_answers"] = equality.my_answers_everywhere(
        _me(), unit_of_work(), dependency("answers_on")
    )
    return data


@my_pages.get("/join/me/data")
@require_participant
def data_page() -> str:
    """The same as data.json, to read: details, consent history, equality answers, sign-ups."""
    data = _my_data()
    # Each organisation's answers under its name; one given nothing but blanks is not shown.
    equality_given = [
        (
            name_in_language(a["organisation"] or a["organisation_id"], a["organisation_welsh"]),
            [(q, answer) for q, answer in a["answers"].items() if answer],
        )
        for a in data["equality_answers"]
    ]
    return render_template(
        "me/data.html",
        data=data,
        equality_given=[(name, given) for name, given in equality_given if given],
        need_labels={k: _(v) for k, v in NEED_LABELS.items()},
        questions={k: _(question) for k, (question, _hint) in QUESTION_LABELS.items()},
        answers={k: _(v) for k, v in ANSWER_LABELS.items()},
    )


@my_pages.get("/join/me/data.json")
@require_participant
def download() -> Response:
    data = _my_data()
    body = json.dumps(data, indent=2, default=str, ensure_ascii=False)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-chorus-data.json"'},
    )


@my_pages.route("/join/me/withdraw", methods=["GET", "POST"])
@require_participant
def withdraw() -> Any:
    if request.method == "GET":
        return render_template("me/withdraw.html")
    scope = "special_category" if request.form.get("scope") == "special_category" else "taking_part"
    bus().handle(WithdrawConsent(_me(), scope, "web"))
    return redirect(f"/join/me?withdrawn={scope}")


@my_pages.route("/join/me/organisations/<organisation_id>/leave", methods=["GET", "POST"])
@require_participant
def leave(organisation_id: str) -> Any:
    """Leave one organisation; one the person is not with is not found."""
    mine = {o.id: o for o in my_organisations(_me(), unit_of_work())}
    if organisation_id not in mine:
        abort(404)
    name = organisation_name(mine[organisation_id])
    if request.method == "GET":
        return render_template("me/leave.html", organisation=name)
    bus().handle(LeaveOrganisation(_me(), organisation_id))
    return redirect(f"/join/me?{urlencode({'left': organisation_id})}")


@my_pages.route("/join/me/organisations/<organisation_id>/erase", methods=["GET", "POST"])
@require_participant
def erase_from_organisation(organisation_id: str) -> Any:
    """Leave one organisation and have it delete what it holds; one that holds nothing of the
    person's is not found. From the last organisation they are with, it is the full erasure."""
    try:
        erasure = erasure_from(_me(), organisation_id, unit_of_work())
    except NotFound:
        abort(404)
    name = organisation_name(erasure.organisation)
    page = {"organisation": name, "everywhere": erasure.everywhere}
    if request.method == "GET":
        return render_template("me/erase_organisation.html", **page)
    if request.form.get("confirm") != "yes":
        errors = {"confirm": _("Tick the box to say you understand.")}
        return render_template("me/erase_organisation.html", **page, errors=errors), 400
    if bus().handle(EraseFromOrganisation(_me(), organisation_id)):
        end_session()  # the full erasure: nothing is left to sign in to
        return render_template("me/erased.html")
    return redirect(f"/join/me?{urlencode({'erased_from': organisation_id})}")


@my_pages.route("/join/me/erase", methods=["GET", "POST"])
@require_participant
def erase() -> Any:
    if request.method == "GET":
        return render_template("me/erase.html")
    if request.form.get("confirm") != "yes":
        message = _("Tick the box to say you understand.")
        return render_template("me/erase.html", errors={"confirm": message}), 400
    bus().handle(ForgetMe(_me()))
    end_session()
    return render_template("me/erased.html")
