"""The staff approval console (/pay/manage): what waits for a decision, and one claim with its
audit trail, receipts and the buttons to approve, reject, pay or try a failed payment again.

Decisions go through the same service-layer functions as the API; the domain's refusals are
shown on the claim's page as plain messages."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from babel.dates import format_date
from flask import Blueprint, abort, redirect, render_template, request
from flask_babel import gettext as _
from marshmallow import Schema, ValidationError

from services.payments.console.adapters import views as console
from services.payments.console.entrypoints import words
from services.payments.console.entrypoints.forms import AmountForm, DecisionForm, RejectForm
from services.payments.entitlements import service_layer as handlers
from services.payments.entitlements.commands import (
    Approve,
    ChangeAmount,
    Reject,
    RequestPayout,
)
from services.payments.entitlements.domain.model import (
    COORDINATOR_ROLES,
    FINANCE_ROLES,
    ApprovalRefused,
    Approver,
)
from services.payments.entrypoints import TEMPLATES
from services.payments.expenses.entrypoints.forms import first_errors
from services.payments.expenses.entrypoints.pages import uk_day
from services.payments.payouts.commands import RetryPayout
from services.payments.web import bus, unit_of_work
from shared.auth import current_staff, require_staff
from shared.pages.language import select_language

console_pages = Blueprint("pay_manage", __name__, template_folder=TEMPLATES)
STAFF = ("coordinator", "finance_approver", "admin")
DONE = {
    "approved": lambda: _("Approved."),
    "awaiting_finance": lambda: _("Approved. It now needs a finance approver too."),
    "rejected": lambda: _("Not approved. We will tell them why."),
    "entered": lambda: _("Claim entered. Someone else must approve it."),
    "changed": lambda: _("Amount changed. Someone else must approve it."),
    "sent": lambda: _("Payment sent to Stripe."),
    "paid": lambda: _("Paid."),
    "voucher": lambda: _("Recorded as paid with a voucher."),
    "declined": lambda: _("They said no to the fee, so nothing was paid."),
    "waiting_for_bank": lambda: _("We will pay this as soon as they give their bank details."),
    "started": lambda: _("Payment asked for. Stripe has not answered yet, so we will try again."),
    "failed": lambda: _("The payment failed. The reason is below."),
}


@console_pages.app_context_processor
def console_helpers() -> dict[str, Any]:
    return {
        "ref": words.ref,
        "staff_status": words.staff_status,
        "action_words": words.action_words,
        "actor_words": words.actor_words,
        "name_words": words.name_words,
        "failure_words": words.failure_words,
        "for_words": words.for_words,
        "claim_title": words.claim_title,
        "made_words": words.made_words,
        "amount_words": words.amount_words,
        "change_words": words.change_words,
        "category_words": words.category_words,
        "session_day": lambda moment: uk_day(moment) if moment else _("No session"),
        "uk_spent": _spent_day,
    }


def _spent_day(iso: str | None) -> str:
    """'1 December 2026' from the claim's ISO day."""
    if not iso:
        return ""
    return format_date(date.fromisoformat(iso), "d MMMM yyyy", locale=select_language())


def can() -> dict[str, bool]:
    """What the signed-in staff member's roles let them do, for the buttons shown."""
    roles = _me().roles
    return {
        "coordinate": bool(roles & COORDINATOR_ROLES),
        "finance": bool(roles & FINANCE_ROLES),
        "export": bool(roles & {"finance_approver", "admin"}),
    }


def _me() -> Approver:
    staff = current_staff()
    assert staff is not None  # require_staff let them in
    return Approver(staff.id, staff.roles)


def _id(value: str) -> str:
    """Ids in paths are UUIDs; anything else names nothing here."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        abort(404)


@console_pages.get("/pay/manage")
@require_staff(*STAFF)
def console_home() -> str:
    sections = console.queue(unit_of_work())
    return render_template("pay/manage/index.html", sections=sections, can=can())


def _claim_page(
    entitlement_id: str, errors: dict[str, str] | None = None, status: int = 200
) -> Any:
    found = console.detail(entitlement_id, unit_of_work())
    if found is None:
        abort(404)
    done = DONE.get(request.args.get("done", ""))
    moment = found["session_starts_at"]
    page = render_template(
        "pay/manage/claim.html", row=found, can=can(), errors=errors,
        done=done() if done else None, form=request.form,
        day=uk_day(moment) if moment else None,
        mine=found["created_by"] == _me().id,  # four eyes: they made it, so they do not decide
        me_id=_me().id,
    )  # fmt: skip
    return page if status == 200 else (page, status)


@console_pages.get("/pay/manage/claims/<entitlement_id>")
@require_staff(*STAFF)
def claim_page(entitlement_id: str) -> Any:
    return _claim_page(_id(entitlement_id))


def _decide(entitlement_id: str, action: str, schema: Schema, do: Callable[[Any], str]) -> Any:
    """Validate the form, run the decision, and show the outcome or the refusal."""
    try:
        body = schema.load(request.form.to_dict())
    except ValidationError as exc:
        return _claim_page(entitlement_id, first_errors(exc.messages), 400)  # type: ignore[arg-type]
    try:
        done = do(body)
    except handlers.NotFound:
        abort(404)
    except ApprovalRefused as exc:
        message = words.refusal_words(exc, action)
        return _claim_page(entitlement_id, {"decision": message}, 409 if exc.conflict else 422)
    return redirect(f"/pay/manage/claims/{entitlement_id}?done={done}", 303)


@console_pages.post("/pay/manage/claims/<entitlement_id>/approve")
@require_staff(*STAFF)
def approve(entitlement_id: str) -> Any:
    cmd = Approve(_id(entitlement_id), _me())
    return _decide(cmd.entitlement_id, "approve", DecisionForm(), lambda _body: bus().handle(cmd))


@console_pages.post("/pay/manage/claims/<entitlement_id>/reject")
@require_staff(*STAFF)
def reject(entitlement_id: str) -> Any:
    def do(body: dict[str, str]) -> str:
        bus().handle(Reject(found, _me(), body["reason"]))
        return "rejected"

    found = _id(entitlement_id)
    return _decide(found, "reject", RejectForm(), do)


@console_pages.post("/pay/manage/claims/<entitlement_id>/amount")
@require_staff(*STAFF)
def change_amount(entitlement_id: str) -> Any:
    def do(body: dict[str, Any]) -> str:
        bus().handle(ChangeAmount(found, _me(), body["amount"], body["amount_reason"]))
        return "changed"

    found = _id(entitlement_id)
    return _decide(found, "amount", AmountForm(), do)


@console_pages.post("/pay/manage/claims/<entitlement_id>/pay")
@require_staff(*STAFF)
def pay(entitlement_id: str) -> Any:
    cmd = RequestPayout(_id(entitlement_id), _me().id)
    return _decide(cmd.entitlement_id, "pay", DecisionForm(), lambda _body: bus().handle(cmd))


@console_pages.post("/pay/manage/claims/<entitlement_id>/retry")
@require_staff(*STAFF)
def retry(entitlement_id: str) -> Any:
    cmd = RetryPayout(_id(entitlement_id), _me().id)
    return _decide(cmd.entitlement_id, "pay", DecisionForm(), lambda _body: bus().handle(cmd))
