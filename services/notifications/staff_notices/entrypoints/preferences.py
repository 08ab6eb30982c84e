"""/messages/staff/preferences: which kinds of task a staff member is emailed about."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from services.notifications.staff_notices.commands import ChooseTaskKinds
from services.notifications.staff_notices.domain import KINDS
from services.notifications.web import bus, views
from shared.auth import current_staff, require_staff

staff_preferences = Blueprint("staff_preferences", __name__)

KIND_WORDS = {
    "claim_needs_coordinator": lazy_gettext("Claims waiting for a coordinator"),
    "claim_needs_finance": lazy_gettext("Claims waiting for a finance approver"),
    "budget_80": lazy_gettext("Budgets at 80%"),
    "budget_100": lazy_gettext("Budgets fully spent"),
    "session_below_minimum": lazy_gettext("Sessions with fewer people than their minimum"),
    "hold_expired": lazy_gettext("Held places that ran out unanswered"),
    "panel_term_ending": lazy_gettext("Panel members whose term ends within 30 days"),
}
PATH = "/messages/staff/preferences"


def _page(wanted: set[str], error: str | None = None, saved: bool = False) -> str:
    options = [(kind, KIND_WORDS[kind]) for kind in KINDS]
    return render_template(
        "messages/staff_preferences.html",
        options=options,
        wanted=sorted(wanted),
        errors={"kinds": error} if error else {},
        saved=saved,
    )


@staff_preferences.route(PATH, methods=["GET", "POST"])
@require_staff()
def preferences() -> Any:
    me = current_staff()
    assert me is not None  # require_staff let them in
    if request.method == "POST":
        chosen = set(request.form.getlist("kinds"))
        unknown = chosen - set(KINDS)
        if unknown:
            return _page(chosen & set(KINDS), _("Choose from the list only")), 400
        bus().handle(ChooseTaskKinds(me.id, frozenset(set(KINDS) - chosen)))
        return redirect(f"{PATH}?saved=1")
    not_wanted = views().task_kinds_not_wanted(me.id)
    return _page(set(KINDS) - not_wanted, saved=request.args.get("saved") == "1")
