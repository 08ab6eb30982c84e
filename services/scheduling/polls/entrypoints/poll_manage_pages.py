"""Coordinators' poll pages (/book/manage/polls): propose times, invite people, see how many
each time suits with the help those people would need, close the poll, and turn a time into a
session with one click."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from services.scheduling.polls import service_layer as polls
from services.scheduling.polls.commands import (
    ClosePoll,
    CreatePoll,
    InviteToPoll,
    ScheduleFromPoll,
)
from services.scheduling.polls.domain import OptionPlan, PollRefused, PollRejected
from services.scheduling.polls.entrypoints.poll_forms import InviteForm, NewPollForm, ScheduleForm
from services.scheduling.polls.entrypoints.poll_pages import option_label
from services.scheduling.ports import NotFound
from services.scheduling.sessions.domain.planning import SessionRejected
from services.scheduling.sessions.entrypoints.uk_forms import first_errors
from services.scheduling.web import handle, now, reads, unit_of_work
from shared.auth import require_staff
from shared.vocabulary.recruitment import ORGANISERS

poll_manage_pages = Blueprint("manage_polls", __name__)

DONE = {"created", "invited", "closed", "scheduled"}
BASE = "/book/manage/polls"


def needs_sentence(needs: dict[str, int]) -> str:
    """'2 need step-free access, 1 BSL interpreter', in the page's language (written out as
    ngettext calls so that pybabel finds every phrase)."""
    phrases = {
        "step_free": lambda n: ngettext(
            "%(num)d needs step-free access", "%(num)d need step-free access", n
        ),
        "bsl": lambda n: ngettext("%(num)d BSL interpreter", "%(num)d BSL interpreters", n),
        "interpreter": lambda n: ngettext(
            "%(num)d spoken language interpreter", "%(num)d spoken language interpreters", n
        ),
        "hearing_loop": lambda n: ngettext(
            "%(num)d needs a hearing loop", "%(num)d need a hearing loop", n
        ),
        "captions": lambda n: ngettext("%(num)d needs captions", "%(num)d need captions", n),
        "large_print": lambda n: ngettext(
            "%(num)d needs large print", "%(num)d need large print", n
        ),
        "easy_read": lambda n: ngettext("%(num)d needs easy read", "%(num)d need easy read", n),
        "carer": lambda n: ngettext("%(num)d carer attending", "%(num)d carers attending", n),
        "travel_help": lambda n: ngettext(
            "%(num)d needs help with travel", "%(num)d need help with travel", n
        ),
        "data_or_device": lambda n: ngettext(
            "%(num)d needs data or a device to join", "%(num)d need data or a device to join", n
        ),
    }
    parts = [say(needs[code]) for code, say in phrases.items() if needs.get(code)]
    return ", ".join(parts) or _("Nobody who can come has told us of any needs.")


@poll_manage_pages.app_context_processor
def poll_words() -> dict[str, Any]:
    return {"needs_sentence": needs_sentence, "option_label": option_label}


@poll_manage_pages.get(BASE)
@require_staff(*ORGANISERS)
def poll_list() -> str:
    return render_template("manage/polls.html", rows=reads("poll_reads").listed(now()))


@poll_manage_pages.route(f"{BASE}/new", methods=["GET", "POST"])
@require_staff(*ORGANISERS)
def new_poll() -> str | Response | tuple[str, int]:
    if request.method == "GET":
        return render_template("manage/poll_new.html", form={}, errors=None)
    form = request.form.to_dict()
    try:
        body = NewPollForm().load(form)
        command = CreatePoll(
            str(body["activity_id"]),
            body["title"],
            body["format"],
            body["location"],
            body["joining_url"],
            tuple(OptionPlan(o.starts_at, o.ends_at) for o in body["times"]),
            body["closes_at"],
        )
        poll = handle(command)
    except NotFound:
        abort(404)  # another organisation's activity
    except ValidationError as invalid:
        errors = first_errors(invalid.normalized_messages())
        return render_template("manage/poll_new.html", form=form, errors=errors), 400
    except PollRejected as rejected:
        top = rejected.field.split(".")[0]
        field = _FIELDS.get(top, top)
        errors = {field: _poll_words(rejected)}
        return render_template("manage/poll_new.html", form=form, errors=errors), 422
    return redirect(f"{BASE}/{poll.id}?done=created")


_FIELDS = {"closes_at": "closes", "options": "times"}


def _poll_words(rejected: PollRejected) -> str:
    """The domain's rule in the page's words (its own messages are plain English only)."""
    return {
        "location": _("Enter the venue's name and address."),
        "joining_url": _("Enter the link people use to join online."),
        "closes_at": _("Choose a last day to answer that is still to come."),
        "title": _("Enter the activity's title."),
    }.get(rejected.field) or _poll_time_words(rejected.message)


def _poll_time_words(message: str) -> str:
    if "after the start" in message:
        return _("Each time must end after it starts.")
    if "once" in message:
        return _("Offer each time once.")
    return _("Offer only times that are still to come.")


def _results_page(poll_id: str, errors: dict[str, str] | None = None, form: Any = None) -> str:
    found = reads("poll_reads").results(poll_id, now())
    if found is None:
        abort(404)
    done = request.args.get("done")
    return render_template(
        "manage/poll.html",
        poll=found,
        errors=errors,
        form=form or {},
        done=done if done in DONE else None,
        # whom the coordinator may ask, by name, and who is asked already
        people=polls.people_to_ask(poll_id, unit_of_work()) if found["status"] == "open" else [],
    )


@poll_manage_pages.get(f"{BASE}/<poll_id>")
@require_staff(*ORGANISERS)
def poll_page(poll_id: str) -> str:
    return _results_page(poll_id)


@poll_manage_pages.post(f"{BASE}/<poll_id>/invitations")
@require_staff(*ORGANISERS)
def invite(poll_id: str) -> Response | tuple[str, int]:
    ticked = [p for p in request.form.getlist("people") if p.strip()]
    form = {"people": ticked} if ticked else {}  # none ticked: "Choose at least one person"
    try:
        people = InviteForm().load(form)["people"]
        handle(InviteToPoll(poll_id, people))
    except NotFound:
        abort(404)  # no such poll, or someone the poll's organisation does not know
    except ValidationError as invalid:
        return _results_page(poll_id, first_errors(invalid.normalized_messages()), form), 400
    except PollRefused:
        errors = {"people": _("This poll has closed, so nobody new can be asked.")}
        return _results_page(poll_id, errors, form), 409
    return redirect(f"{BASE}/{poll_id}?done=invited")


@poll_manage_pages.post(f"{BASE}/<poll_id>/close")
@require_staff(*ORGANISERS)
def close(poll_id: str) -> Response:
    try:
        handle(ClosePoll(poll_id))
    except NotFound:
        abort(404)
    return redirect(f"{BASE}/{poll_id}?done=closed")


@poll_manage_pages.post(f"{BASE}/<poll_id>/times/<int:number>/session")
@require_staff(*ORGANISERS)
def schedule(poll_id: str, number: int) -> Response | tuple[str, int]:
    capacity, access = f"capacity-{number}", f"access-{number}"
    form = {capacity: request.form.get(capacity, ""), access: request.form.getlist(access)}
    try:
        body = ScheduleForm().load({"capacity": form[capacity], "access_features": form[access]})
        handle(
            ScheduleFromPoll(poll_id, [number], body["capacity"], tuple(body["access_features"]))
        )
    except NotFound:
        abort(404)
    except ValidationError as invalid:
        messages = first_errors(invalid.normalized_messages())
        errors = {capacity if k == "capacity" else access: v for k, v in messages.items()}
        return _results_page(poll_id, errors, form), 400
    except PollRefused as refused:
        if refused.reason == "unknown_option":
            abort(404)
        return _results_page(poll_id, {capacity: _("This time is already a session.")}, form), 409
    except SessionRejected:
        words = _("This time has passed, so it cannot be offered.")
        return _results_page(poll_id, {capacity: words}, form), 422
    return redirect(f"{BASE}/{poll_id}?done=scheduled")
