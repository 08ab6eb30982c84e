"""The participant's own payments data: /pay/me/data.json to keep, /pay/me/data to read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, jsonify, render_template
from flask_babel import gettext as _

from services.payments.choices.entrypoints import _me, choice_words
from services.payments.console.entrypoints.words import category_words
from services.payments.entrypoints import TEMPLATES
from services.payments.my_data.adapters import my_data
from services.payments.web import unit_of_work
from shared.auth import require_participant

my_data_pages = Blueprint("pay_my_data", __name__, template_folder=TEMPLATES)


def payout_words(status: str) -> str:
    return {
        "started": _("Being sent"),
        "sent": _("Sent"),
        "paid": _("Paid"),
        "failed": _("It did not reach you. We will be in touch."),
    }.get(status, status)


@my_data_pages.get("/pay/me/data.json")
@require_participant
def data_json() -> Any:
    answer = jsonify(my_data(_me(), unit_of_work()))
    answer.headers["Content-Disposition"] = 'attachment; filename="chorus-payments.json"'
    return answer


@my_data_pages.get("/pay/me/data")
@require_participant
def data_page() -> str:
    found = my_data(_me(), unit_of_work())
    return render_template(
        "pay/my_data.html", data=found, choices=dict(choice_words()),
        moment=datetime.fromisoformat, category_words=category_words, payout_words=payout_words,
    )  # fmt: skip
