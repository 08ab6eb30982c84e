"""The register for the day (/book/manage): attendance for everyone at a time on one form, by
name, with the existing rules for each row; and a printable sign-in sheet (names, needs, a box
to sign, the session's title, date and place)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from services.scheduling.attendance.commands import Answer, RecordRegister
from services.scheduling.attendance.domain import ATTENDED, OUTCOMES, PARTLY
from services.scheduling.attendance.service_layer import RegisterRefused
from services.scheduling.ports import NotFound
from services.scheduling.sessions.entrypoints.coordinator_pages import session_or_404
from services.scheduling.sessions.ports import ManagedSession, ManagedTime
from services.scheduling.web import handle
from shared.auth import current_staff, require_staff
from shared.vocabulary.recruitment import ORGANISERS

register_pages = Blueprint("register", __name__)


def _time_or_404(session: ManagedSession, slot_id: str) -> ManagedTime:
    time = session.time(slot_id)
    if time is None:
        abort(404)
    return time


def _page(
    session: ManagedSession,
    time: ManagedTime,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
) -> str:
    return render_template(
        "manage/register.html", session=session, time=time, errors=errors, form=form or {}
    )


@register_pages.route(
    "/book/manage/sessions/<session_id>/times/<slot_id>/register", methods=["GET", "POST"]
)
@require_staff(*ORGANISERS)
def register(session_id: str, slot_id: str) -> str | Response | tuple[str, int]:
    session = session_or_404(session_id)
    time = _time_or_404(session, slot_id)
    if request.method == "GET":
        return _page(session, time)
    form = {key: value.strip() for key, value in request.form.items() if key != "csrf_token"}
    answers, errors = _read(time, form)
    if errors:
        answered = any(
            value for key, value in form.items() if key.startswith(("outcome-", "minutes-"))
        )
        return _page(session, time, errors, form), 422 if answered else 400
    staff = current_staff()
    assert staff is not None  # require_staff let us in
    try:
        handle(RecordRegister(tuple(answers), staff.id))
    except NotFound:
        abort(404)
    except RegisterRefused as refused:
        errors = {}
        for booking_id, why in refused.refusals.items():
            outcome = form.get(f"outcome-{booking_id}", "")
            field = f"minutes-{booking_id}" if why.reason == "minutes" else f"outcome-{booking_id}"
            errors[field] = _refusal_words(why.reason, outcome, time.length_minutes)
        return _page(session, time, errors, form), 409 if _conflict(refused) else 422
    return redirect(f"/book/manage/sessions/{session_id}?done=attendance#time-{slot_id}")


def _read(time: ManagedTime, form: dict[str, str]) -> tuple[list[Answer], dict[str, str]]:
    """Each row's answer; a row left empty is skipped (they may still come), but at least one
    row must be answered."""
    answers, errors = [], {}
    for person in time.unrecorded:
        outcome_field, minutes_field = (
            f"outcome-{person.booking_id}",
            f"minutes-{person.booking_id}",
        )
        outcome, typed = form.get(outcome_field, ""), form.get(minutes_field, "")
        if not outcome:
            if typed:
                errors[outcome_field] = _("Choose how they took part")
            continue
        if outcome not in OUTCOMES:
            errors[outcome_field] = _("Choose one of the answers shown")
            continue
        if typed and not typed.isdigit():
            errors[minutes_field] = _("Enter the minutes as a number, like 45")
            continue
        answers.append(Answer(person.booking_id, outcome, int(typed) if typed else None))
    if not answers and not errors and time.unrecorded:
        first = time.unrecorded[0].booking_id
        errors[f"outcome-{first}"] = _("Choose how at least one person took part")
    return answers, errors


def _conflict(refused: RegisterRefused) -> bool:
    return any(
        why.reason in ("recorded", "not_started", "not_booked") for why in refused.refusals.values()
    )


def _refusal_words(reason: str, outcome: str, length: int) -> str:
    if reason == "recorded":
        return _("Attendance for this booking is already recorded.")
    if reason == "not_started":
        return _("Record attendance once the session has started.")
    if reason == "not_booked":
        return _("Only a confirmed booking can have attendance.")
    if outcome == ATTENDED:
        return _(
            "Attended means the whole %(length)s minutes. Leave the minutes empty.", length=length
        )
    if outcome == PARTLY:
        return _("Enter the minutes they took part, from 1 to %(most)s.", most=length - 1)
    return _("Someone who did not come has no minutes. Leave the minutes empty.")


@register_pages.get("/book/manage/sessions/<session_id>/sign-in-sheet")
@require_staff(*ORGANISERS)
def sign_in_sheet(session_id: str) -> str:
    return render_template("manage/sign_in_sheet.html", session=session_or_404(session_id))
