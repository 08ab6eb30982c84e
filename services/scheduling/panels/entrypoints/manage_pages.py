"""Coordinators' panel pages (/book/manage/panels): make a panel for an activity, invite
members from its pool for a term, schedule meetings as a series or one by one, renew a term,
and see the members by name with their terms and who said yes or no to each meeting. Another
organisation's panel is not found (404), like an unknown one."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from services.scheduling.panels import reads as panel_reads
from services.scheduling.panels import service_layer as panels
from services.scheduling.panels.commands import (
    CreatePanel,
    EndTerm,
    InviteMembers,
    RenewTerm,
    ScheduleMeetings,
    ScheduleSeries,
)
from services.scheduling.panels.domain import PanelRefused, Series
from services.scheduling.panels.entrypoints.forms import (
    InviteForm,
    MeetingsForm,
    NewPanelForm,
    RenewForm,
    SeriesForm,
)
from services.scheduling.ports import NotFound
from services.scheduling.sessions.domain.planning import SessionRejected
from services.scheduling.sessions.entrypoints.uk_forms import first_errors
from services.scheduling.web import handle, now, unit_of_work
from shared.auth import require_staff
from shared.pages.formats import uk_date
from shared.pages.language import select_language
from shared.vocabulary.recruitment import ORGANISERS

panel_manage_pages = Blueprint("manage_panels", __name__)

BASE = "/book/manage/panels"
DONE = {"created", "invited", "scheduled", "renewed", "ended"}


def _refusal_words(refused: PanelRefused) -> str:
    """The domain's rule in the page's words (its own messages are plain English only)."""
    return {
        "ends_on": _("Choose an end to the term after its start, and within 3 years."),
        "title": _("Enter the panel's name, up to 120 characters."),
        "format": _("Choose online, in person or hybrid."),
        "location": _("Enter the venue's name and address."),
        "joining_url": _("Enter the link people use to join online."),
        "activity_id": _("This activity already has a panel."),
        "at": _("That time does not exist on the day the clocks go forward."),
        "times": _("Enter at least one meeting."),
    }.get(refused.field, _("Check your answers and try again."))


@panel_manage_pages.route(f"{BASE}/new", methods=["GET", "POST"])
@require_staff(*ORGANISERS)
def new_panel() -> str | Response | tuple[str, int]:
    if request.method == "GET":
        form = {k: request.args.get(k, "") for k in ("activity_id", "title")}
        return render_template("manage/panel_new.html", form=form, errors=None)
    form: dict[str, Any] = request.form.to_dict()
    form["access_features"] = request.form.getlist("access_features")
    try:
        body = NewPanelForm().load(form)
        panel = handle(
            CreatePanel(
                str(body["activity_id"]),
                body["title"],
                body["format"],
                body["location"],
                tuple(body["access_features"]),
                body["joining_url"],
            )
        )
    except NotFound:
        abort(404)  # another organisation's activity
    except ValidationError as invalid:
        errors = first_errors(invalid.normalized_messages())
        return render_template("manage/panel_new.html", form=form, errors=errors), 400
    except PanelRefused as refused:
        errors = {refused.field: _refusal_words(refused)}
        return render_template("manage/panel_new.html", form=form, errors=errors), 422
    return redirect(f"{BASE}/{panel.activity_id}?done=created")


def _page(activity_id: str, errors: dict[str, str] | None = None, form: Any = None) -> str:
    try:
        found = panel_reads.overview(activity_id, unit_of_work(), now())
        people = panels.people_to_invite(activity_id, unit_of_work())
    except NotFound:
        abort(404)
    done = request.args.get("done")
    return render_template(
        "manage/panel.html",
        view=found,
        people=people,
        errors=errors,
        form=form or {},
        done=done if done in DONE else None,
        today=now().date(),
    )


@panel_manage_pages.get(f"{BASE}/<activity_id>")
@require_staff(*ORGANISERS)
def panel_page(activity_id: str) -> str:
    return _page(activity_id)


@panel_manage_pages.post(f"{BASE}/<activity_id>/members")
@require_staff(*ORGANISERS)
def invite(activity_id: str) -> Response | tuple[str, int]:
    form: dict[str, Any] = request.form.to_dict()
    ticked = [p for p in request.form.getlist("people") if p.strip()]
    form.pop("people", None)
    if ticked:
        form["people"] = ticked
    try:
        body = InviteForm().load({k: v for k, v in form.items() if k != "csrf_token"})
        handle(
            InviteMembers(activity_id, tuple(body["people"]), body["starts_on"], body["ends_on"])
        )
    except NotFound:
        abort(404)
    except ValidationError as invalid:
        return _page(activity_id, first_errors(invalid.normalized_messages()), form), 400
    except PanelRefused as refused:
        field = "ends" if refused.field == "ends_on" else "people"
        return _page(activity_id, {field: _refusal_words(refused)}, form), 422
    return redirect(f"{BASE}/{activity_id}?done=invited")


@panel_manage_pages.post(f"{BASE}/<activity_id>/series")
@require_staff(*ORGANISERS)
def series(activity_id: str) -> Response | tuple[str, int]:
    form = {k: v for k, v in request.form.to_dict().items() if k != "csrf_token"}
    try:
        body = SeriesForm().load(form)
        plan = Series(
            body["ordinal"],
            body["weekday"],
            body["at"],
            body["minutes"],
            body["first_month"],
            body["count"],
        )
        handle(ScheduleSeries(activity_id, plan, body["capacity"]))
    except NotFound:
        abort(404)
    except ValidationError as invalid:
        return _page(activity_id, first_errors(invalid.normalized_messages()), form), 400
    except PanelRefused as refused:
        return _page(activity_id, {"at": _refusal_words(refused)}, form), 422
    except SessionRejected:
        words = _("Choose meetings that are still to come.")
        return _page(activity_id, {"first-month": words}, form), 422
    return redirect(f"{BASE}/{activity_id}?done=scheduled")


@panel_manage_pages.post(f"{BASE}/<activity_id>/meetings")
@require_staff(*ORGANISERS)
def meetings(activity_id: str) -> Response | tuple[str, int]:
    form = {k: v for k, v in request.form.to_dict().items() if k != "csrf_token"}
    try:
        body = MeetingsForm().load(form)
        times = tuple((t.starts_at, t.ends_at) for t in body["times"])
        handle(ScheduleMeetings(activity_id, times, body["capacity"]))
    except NotFound:
        abort(404)
    except ValidationError as invalid:
        return _page(activity_id, first_errors(invalid.normalized_messages()), form), 400
    except (PanelRefused, SessionRejected):
        words = _("Each meeting must be still to come and end after it starts.")
        return _page(activity_id, {"times": words}, form), 422
    return redirect(f"{BASE}/{activity_id}?done=scheduled")


def _a_year_on(ends: date) -> date:
    try:
        return ends.replace(year=ends.year + 1)
    except ValueError:  # 29 February
        return date(ends.year + 1, 2, 28)


def _renew_page(
    activity_id: str, row: Any, form: dict[str, Any], errors: dict[str, str] | None = None
) -> str:
    return render_template(
        "manage/panel_renew.html",
        activity_id=activity_id,
        row=row,
        form=form,
        errors=errors,
    )


def _renew_words(refused: PanelRefused, row: Any) -> dict[str, str]:
    term = row.membership.term
    if refused.field == "renew_ends_on":
        words = _(
            "Choose a new last day after today and after the term's current end, %(end)s.",
            end=uk_date(term.ends_on, select_language()),
        )
        return {"ends": words}
    if refused.field == "ends_on":
        start = uk_date(term.starts_on, select_language())
        return {"ends": _("A term can be up to 3 years from its start, %(start)s.", start=start)}
    return {"choice": _("Only a member's term can be renewed or ended.")}


@panel_manage_pages.route(
    f"{BASE}/<activity_id>/members/<participant_id>/renew", methods=["GET", "POST"]
)
@require_staff(*ORGANISERS)
def renew(activity_id: str, participant_id: str) -> str | Response | tuple[str, int]:
    """Renew a member's term to a day the coordinator chooses, or end it now."""
    try:
        found = panel_reads.overview(activity_id, unit_of_work(), now())
        row = next(r for r in found.members if r.participant_id == participant_id)
    except (NotFound, StopIteration):
        abort(404)
    if request.method == "GET":
        suggested = _a_year_on(row.membership.term.ends_on)
        form = {
            "ends-day": str(suggested.day),
            "ends-month": str(suggested.month),
            "ends-year": str(suggested.year),
        }
        return _renew_page(activity_id, row, form)
    form = {k: v for k, v in request.form.to_dict().items() if k != "csrf_token"}
    try:
        body = RenewForm().load(form)
        if body["choice"] == "end":
            handle(EndTerm(activity_id, participant_id))
        else:
            handle(RenewTerm(activity_id, participant_id, body["ends_on"]))
    except NotFound:
        abort(404)
    except ValidationError as invalid:
        errors = first_errors(invalid.normalized_messages())
        return _renew_page(activity_id, row, form, errors), 400
    except PanelRefused as refused:
        status = 409 if refused.field == "status" else 422
        return _renew_page(activity_id, row, form, _renew_words(refused, row)), status
    done = "ended" if body["choice"] == "end" else "renewed"
    return redirect(f"{BASE}/{activity_id}?done={done}")
