"""Staff pages beside the approval console: budgets per activity (with the ledger export for
finance), and a coordinator entering an expense claim for someone who only uses SMS, through
the same service layer as POST /api/payments/participants/<id>/claims."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import Blueprint, redirect, render_template, request
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError

from services.payments.choices.domain.tax_year import tax_year_of
from services.payments.console.adapters import views as console
from services.payments.console.entrypoints.forms import ParticipantForm
from services.payments.console.entrypoints.pages import STAFF, can
from services.payments.entrypoints import TEMPLATES
from services.payments.expenses.adapters import my_expenses
from services.payments.expenses.adapters import views as expense_views
from services.payments.expenses.adapters.receipts import MAX_RECEIPTS
from services.payments.expenses.commands import SubmitClaim
from services.payments.expenses.domain.expenses import ExpenseRejected
from services.payments.expenses.entrypoints.forms import ExpenseForm, first_errors
from services.payments.expenses.entrypoints.pages import (
    _field,
    amount_labels,
    refusal_words,
    uk_day,
)
from services.payments.web import bus, receipts, unit_of_work
from shared.auth import current_staff, require_staff
from shared.pages.formats import LONDON

console_claims = Blueprint("pay_manage_claims", __name__, template_folder=TEMPLATES)
ENTERERS = ("coordinator", "admin")  # as the API: finance approvers do not enter claims


def export_periods(now: datetime) -> list[tuple[str, date, date]]:
    """(name, first day, last day) for the ledger export links: UK days."""
    today = now.astimezone(LONDON).date()
    year = tax_year_of(now)
    last_year_start = date(year.first - 1, 4, 6)
    return [
        ("month", today - timedelta(days=30), today),
        ("this_year", date(year.first, 4, 6), today),
        ("last_year", last_year_start, date(year.first, 4, 5)),
    ]


@console_claims.get("/pay/manage/budgets")
@require_staff(*STAFF)
def budgets() -> str:
    found = console.budgets(unit_of_work())
    periods = export_periods(datetime.now(UTC))
    return render_template("pay/manage/budgets.html", budgets=found, periods=periods, can=can())


def _page(
    participant: str | None, errors: dict[str, str] | None, status: int = 200, form: Any = None
) -> Any:
    sessions = my_expenses.claimable_sessions(participant, unit_of_work()) if participant else []
    name = my_expenses.name_of(participant, unit_of_work()) if participant else None
    page = render_template(
        "pay/manage/new_claim.html", participant=participant, sessions=sessions,
        participant_name=name, claimants=[] if participant else _claimants(),
        sessions_options=[(s["booking_id"], uk_day(s["starts_at"])) for s in sessions],
        amounts=amount_labels(), form=_values() if form is None else form,
        errors=errors, max_receipts=MAX_RECEIPTS,
        max_mb=receipts().max_mb,
    )  # fmt: skip
    return page if status == 200 else (page, status)


def _claimants() -> list[tuple[str, str]]:
    """(participant id, "name: the days of their sessions") for the coordinator to choose."""
    found = my_expenses.claimants(unit_of_work())
    return [
        (c["participant_id"], _("%(name)s: %(days)s", name=c["name"] or _("Name not known"),
                                days=", ".join(uk_day(day) for day in c["starts"])))
        for c in found
    ]  # fmt: skip


@console_claims.get("/pay/manage/claims/new")
@require_staff(*ENTERERS)
def new_claim() -> Any:
    if "participant" not in request.args:
        return _page(None, None)
    try:
        found = ParticipantForm().load(request.args.to_dict())
    except ValidationError as exc:
        return _page(None, first_errors(exc.messages), 400)  # type: ignore[arg-type]
    return _page(str(found["participant"]), None)


def _values() -> Any:
    return request.form if request.method == "POST" else request.args


def _participant(values: Any) -> str | None:
    try:
        return str(ParticipantForm().load(values.to_dict())["participant"])
    except ValidationError:
        return None


@console_claims.post("/pay/manage/claims/new")
@require_staff(*ENTERERS)
def enter_claim() -> Any:
    store = receipts()
    if store.too_big(request.content_length):
        message = _("The receipts are too big: send at most %(count)s files of %(size)s MB.",
                    count=MAX_RECEIPTS, size=store.max_mb)  # fmt: skip
        # The body is not read at all: whose claim it is comes from the form's address.
        return _page(_participant(request.args), {"receipts": message}, 413, form={})
    try:
        who = str(ParticipantForm().load(request.form.to_dict())["participant"])
    except ValidationError as exc:
        return _page(None, first_errors(exc.messages), 400)  # type: ignore[arg-type]
    try:
        body = ExpenseForm().load(request.form.to_dict())
    except ValidationError as exc:
        return _page(who, first_errors(exc.messages), 400)  # type: ignore[arg-type]
    files = [f.read() for f in request.files.getlist("receipts") if f.filename]
    staff = current_staff()
    assert staff is not None  # require_staff let them in
    cmd = SubmitClaim(who, body["booking_id"], body["lines"], staff.id, tuple(files))
    try:
        claim_id = bus().handle(cmd)
    except ExpenseRejected as exc:
        words = refusal_words(exc)
        return _page(who, {_field(exc, body["lines"]): words}, 409 if exc.conflict else 400)
    except IntegrityError:
        message = _("Expenses for this session have already been claimed.")
        return _page(who, {"booking_id": message}, 409)
    found = expense_views.claim(claim_id, unit_of_work())
    assert found is not None
    return redirect(f"/pay/manage/claims/{found['entitlement_id']}?done=entered", 303)
