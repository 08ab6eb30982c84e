"""Participants' payment pages (/pay): what they are owed and paid, how they want to be paid,
a plain word on benefits and tax, and a letter for the Jobcentre. Plus finance's tax-year totals.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import structlog
from babel.dates import format_date
from flask import Blueprint, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from services.payments.choices import service_layer as choices
from services.payments.choices.adapters import views as choice_views
from services.payments.choices.commands import Choose, LinkBank
from services.payments.choices.domain.choice import METHODS
from services.payments.choices.domain.tax_year import FLAG_ABOVE_PENCE, TaxYear
from services.payments.entitlements.domain.model import ApprovalRefused
from services.payments.entitlements.service_layer import NotFound
from services.payments.entrypoints import TEMPLATES
from services.payments.web import bus, unit_of_work
from shared.auth import current_participant_id, require_participant, require_staff
from shared.pages.formats import LONDON
from shared.pages.language import select_language

pay_pages = Blueprint("pay", __name__, template_folder=TEMPLATES)
log = structlog.get_logger("pay_pages")
FIELD = "method"


def _me() -> str:
    participant_id = current_participant_id()
    assert participant_id is not None  # require_participant let them in
    return participant_id


def status_words(status: str) -> str:
    return {
        "pending": _("Waiting to be approved"),
        "awaiting_finance": _("Waiting to be approved"),
        "approved": _("Approved"),
        "paying": _("Being paid"),
        "paid": _("Paid"),
        "voucher": _("Paid as a voucher"),
        "declined": _("You said no to this fee"),
        "rejected": _("Not approved"),
        "failed": _("We could not pay this. We will be in touch."),
    }.get(status, status)


def choice_words() -> list[tuple[str, str]]:
    return [
        ("bank", _("Into my bank account")),
        ("voucher", _("A shopping voucher")),
        ("decline", _("I do not want to be paid for my time")),
    ]


@pay_pages.app_template_filter("uk_date")
def uk_date(moment: datetime) -> str:
    return format_date(moment.astimezone(LONDON).date(), "d MMMM yyyy", locale=select_language())


@pay_pages.app_context_processor
def pay_words() -> dict[str, Any]:
    return {"status_words": status_words, "limit_pence": FLAG_ABOVE_PENCE}


def _overview_page(errors: dict[str, str] | None = None, status: int = 200) -> Any:
    found = choice_views.overview(_me(), unit_of_work(), datetime.now(UTC))
    page = render_template(
        "pay/index.html",
        pay=found,
        options=choice_words(),
        errors=errors,
        saved=request.args.get("saved"),
        bank_done=request.args.get("bank") == "done",
    )
    return page if status == 200 else (page, status)


@pay_pages.get("/pay")
@require_participant
def overview() -> Any:
    return _overview_page()


@pay_pages.post("/pay/choice")
@require_participant
def choose() -> Any:
    method = request.form.get(FIELD, "").strip()
    if method not in METHODS:
        return _overview_page({FIELD: _("Choose how you want to be paid")}, 400)
    try:
        bus().handle(Choose(_me(), method))
    except choices.ConnectUnavailable as exc:
        log.warning("pay.connect_unavailable", error=str(exc))
        message = _("Sorry, we cannot set up bank payments right now. Try again later.")
        return _overview_page({FIELD: message}, 503)
    except ApprovalRefused:
        return _overview_page({FIELD: _("Choose how you want to be paid")}, 400)
    return redirect(f"/pay?saved={method}")


@pay_pages.get("/pay/bank")
@require_participant
def bank() -> Any:
    """A fresh Stripe onboarding link each time: links expire, and are never sent in messages."""
    try:
        url = bus().handle(LinkBank(_me()))
    except NotFound:
        return redirect("/pay")
    except choices.ConnectUnavailable as exc:
        log.warning("pay.connect_unavailable", error=str(exc))
        message = _("Sorry, we cannot set up bank payments right now. Try again later.")
        return _overview_page({FIELD: message}, 503)
    return Response(status=303, headers={"Location": url})


@pay_pages.get("/pay/letter")
@require_participant
def letter() -> str:
    found = choice_views.overview(_me(), unit_of_work(), datetime.now(UTC))
    return render_template("pay/letter.html", pay=found, today=datetime.now(UTC))


@pay_pages.get("/api/payments/tax-years/<first>/totals")
@require_staff("coordinator", "finance_approver", "admin")
def tax_year_totals(first: str) -> Any:
    """Fees per participant in the tax year from 6 April `first`; over_limit above £1,000."""
    if not (first.isdigit() and 2000 <= int(first) <= 2100):
        return jsonify({"message": "No such tax year."}), 404
    year = TaxYear(int(first))
    rows = choice_views.year_totals(year.first, unit_of_work())
    return jsonify(
        {
            "tax_year": year.label,
            "limit_pence": FLAG_ABOVE_PENCE,
            "participants": rows,
        }
    )
