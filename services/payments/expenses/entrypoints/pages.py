"""The participant's expense form (/pay/expenses), from their magic-link session: which session,
what they spent (or the miles), the day, and photos or PDFs of receipts. Errors are shown beside
each box; a good claim goes to /pay, where it waits for a coordinator's approval."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from babel.dates import format_date
from flask import Blueprint, redirect, render_template, request
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError

from services.payments.entrypoints import TEMPLATES
from services.payments.expenses.adapters import my_expenses
from services.payments.expenses.adapters.receipts import MAX_RECEIPTS
from services.payments.expenses.commands import SubmitClaim
from services.payments.expenses.domain.expenses import NO_EXPENSES, UNPAID, ExpenseRejected
from services.payments.expenses.entrypoints.forms import AMOUNTS, ExpenseForm, first_errors
from services.payments.web import bus, receipts, unit_of_work
from shared.auth import current_participant_id, require_participant
from shared.pages.formats import LONDON
from shared.pages.language import select_language

expense_pages = Blueprint("pay_expenses", __name__, template_folder=TEMPLATES)


def amount_labels() -> list[tuple[str, str, str]]:
    """(box name, label, hint) for each kind of cost paid back in pounds and pence."""
    return [
        ("public_transport", _("Bus, train or tram fares"), _("Keep your tickets.")),
        ("taxi", _("Taxi"), _("Only if we agreed it before you went.")),
        ("parking", _("Parking"), ""),
        ("care_cover", _("Carer or childcare cover"), ""),
        ("data_device", _("Phone data or a device"), ""),
        ("overnight", _("Overnight stay"), ""),
    ]


def _me() -> str:
    participant_id = current_participant_id()
    assert participant_id is not None  # require_participant let them in
    return participant_id


def uk_day(moment: datetime) -> str:
    """'Tuesday 3 December 2026', in the page's language and UK time."""
    local = moment.astimezone(LONDON).date()
    return format_date(local, "EEEE d MMMM yyyy", locale=select_language())


def _page(errors: dict[str, str] | None = None, status: int = 200, form: Any = None) -> Any:
    sessions = my_expenses.claimable_sessions(_me(), unit_of_work())
    page = render_template(
        "pay/expenses.html",
        sessions=sessions,
        sessions_options=[(s["booking_id"], uk_day(s["starts_at"])) for s in sessions],
        amounts=amount_labels(),
        form=form if form is not None else request.form,
        errors=errors,
        max_receipts=MAX_RECEIPTS,
        max_mb=receipts().max_mb,
    )
    return page if status == 200 else (page, status)


@expense_pages.get("/pay/expenses")
@require_participant
def expense_form() -> Any:
    return _page()


@expense_pages.post("/pay/expenses")
@require_participant
def claim_expenses() -> Any:
    store = receipts()
    if store.too_big(request.content_length):
        message = _("Your receipts are too big: send at most %(count)s files of %(size)s MB.",
                    count=MAX_RECEIPTS, size=store.max_mb)  # fmt: skip
        return _page({"receipts": message}, 413, form={})  # the body is not read at all
    files = [f.read() for f in request.files.getlist("receipts") if f.filename]
    try:
        body = ExpenseForm().load(request.form.to_dict())
    except ValidationError as exc:
        return _page(first_errors(exc.messages), 400)  # type: ignore[arg-type]
    cmd = SubmitClaim(_me(), body["booking_id"], body["lines"], _me(), tuple(files))
    try:
        bus().handle(cmd)
    except ExpenseRejected as exc:
        words = refusal_words(exc)
        return _page({_field(exc, body["lines"]): words}, 409 if exc.conflict else 400)
    except IntegrityError:
        return _page({"booking_id": _("You have already claimed for this session.")}, 409)
    return redirect("/pay?saved=expenses")


def refusal_words(exc: ExpenseRejected) -> str:
    """The domain's refusal as the page says it (the refusals that are not about one box)."""
    known = {
        UNPAID: _("This activity is unpaid. It does not pay for your time or your expenses."),
        NO_EXPENSES: _("This activity does not pay expenses."),
    }
    return known.get(exc.message, exc.message)


def _field(exc: ExpenseRejected, lines: list[Any]) -> str:
    """The box on the page the domain's refusal is about."""
    if exc.field in ("amount_pence", "category") and exc.line is not None:
        category = lines[exc.line].category
        return "miles" if category == "mileage" else category
    if exc.field in ("booking_id", "miles", "receipts", "spent_on", "prior_approval"):
        return exc.field
    return "amounts" if exc.field == "lines" else AMOUNTS[0]
