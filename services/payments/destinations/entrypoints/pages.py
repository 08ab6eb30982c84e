"""Where people are paid, on the staff console (/pay/manage/destinations): the changes staff
proposed, waiting for a second finance approver, who confirms them here
(destinations/service_layer.py, as the API)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request
from flask_babel import gettext as _

from services.payments.console.entrypoints.pages import _id, _me
from services.payments.destinations import adapters as destination_views
from services.payments.destinations.commands import ConfirmDestination
from services.payments.entitlements.domain.model import ApprovalRefused
from services.payments.entitlements.service_layer import NotFound
from services.payments.entrypoints import TEMPLATES
from services.payments.web import bus, unit_of_work
from shared.auth import require_staff

console_destinations = Blueprint("pay_manage_destinations", __name__, template_folder=TEMPLATES)
FINANCE = ("finance_approver", "admin")
PAGE = "/pay/manage/destinations"


def _page(errors: dict[str, str] | None = None, status: int = 200) -> Any:
    done = _("Confirmed. We pay them into this account from now on.")
    page = render_template(
        "pay/manage/destinations.html", changes=destination_views.waiting(unit_of_work()),
        errors=errors, done=done if request.args.get("done") == "confirmed" else None,
    )  # fmt: skip
    return page if status == 200 else (page, status)


def _refusal(exc: ApprovalRefused) -> str:
    known = {
        "A second person must confirm a change of where someone is paid.": _(
            "You asked for this change, so a second finance approver must confirm it."
        ),
        "Nobody changes where they themselves are paid.": _(
            "You cannot confirm a change of where you yourself are paid."
        ),
    }
    if exc.conflict:
        return _("Someone has already confirmed this change.")
    return known.get(exc.message, exc.message)


@console_destinations.get(PAGE)
@require_staff(*FINANCE)
def waiting_changes() -> Any:
    return _page()


@console_destinations.post(f"{PAGE}/<participant_id>/confirm")
@require_staff(*FINANCE)
def confirm(participant_id: str) -> Any:
    try:
        bus().handle(ConfirmDestination(_id(participant_id), _me()))
    except NotFound:
        abort(404)
    except ApprovalRefused as exc:
        return _page({"decision": _refusal(exc)}, 409 if exc.conflict else 422)
    return redirect(f"{PAGE}?done=confirmed", 303)
