"""The participant's expense form as a marshmallow schema: the session, what they spent on each
kind of cost (pounds and pence, the UK way, or miles), the day, and taxi agreement."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, ClassVar

from marshmallow import (
    ValidationError,
    fields,
    post_load,
    validate,
    validates_schema,
)

from services.payments.expenses.domain.expenses import CATEGORIES, MAX_MILES, ExpenseLine
from shared.pages.forms import PageForm, _n
from shared.pages.forms import first_errors as shared_first_errors

AMOUNTS = tuple(c for c in CATEGORIES if c != "mileage")  # each a pounds-and-pence box
_POUNDS = re.compile(r"^(\d{1,5})(?:\.(\d{1,2}))?$")


class Pounds(fields.Field):
    """'£12.50', '12.5' or '12' -> 1250 pence (integers only, never a float)."""

    default_error_messages: ClassVar[dict[str, str]] = {
        "invalid": _n("Enter an amount in pounds and pence, like 12.50.")
    }

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        text = str(value).strip().replace(",", "").removeprefix("£").strip()
        found = _POUNDS.match(text)
        if not found:
            raise self.make_error("invalid")
        return int(found[1]) * 100 + int((found[2] or "0").ljust(2, "0"))


class ExpenseForm(PageForm):
    """Blank boxes are left out; extra fields (csrf_token) are ignored."""

    booking_id = fields.UUID(
        required=True,
        error_messages={
            "required": _n("Choose the session you are claiming for."),
            "invalid": _n("Choose the session you are claiming for."),
            "invalid_uuid": _n("Choose the session you are claiming for."),  # UUID's own key
        },
    )
    miles = fields.Integer(
        load_default=None,
        validate=validate.Range(
            min=1, max=MAX_MILES, error=_n("Enter the miles there and back, from 1 to 1000.")
        ),
        error_messages={"invalid": _n("Enter the miles as a whole number, like 12.")},
    )
    # One pounds-and-pence box per kind of cost (AMOUNTS), each optional.
    public_transport = Pounds(load_default=None)
    taxi = Pounds(load_default=None)
    parking = Pounds(load_default=None)
    care_cover = Pounds(load_default=None)
    data_device = Pounds(load_default=None)
    overnight = Pounds(load_default=None)
    prior_approval = fields.Boolean(load_default=False)
    day = fields.Integer(data_key="spent_on-day", load_default=None)
    month = fields.Integer(data_key="spent_on-month", load_default=None)
    year = fields.Integer(data_key="spent_on-year", load_default=None)

    @validates_schema(skip_on_field_errors=False)
    def _has_a_day(self, data: dict[str, Any], **_: Any) -> None:
        _day(data.get("day"), data.get("month"), data.get("year"))  # every error at once

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _has_an_amount(self, data: dict[str, Any], original: dict[str, Any], **_: Any) -> None:
        # A box filled in wrongly has its own message; this one is for a form with none filled.
        if not {"miles", *AMOUNTS} & {k for k, v in original.items() if str(v).strip()}:
            raise ValidationError(_n("Enter what you spent, or the miles you drove."), "amounts")

    @post_load
    def _lines(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        day = _day(data["day"], data["month"], data["year"])
        lines = [ExpenseLine("mileage", miles=data["miles"], spent_on=day)] if data["miles"] else []
        for category in AMOUNTS:
            if data[category]:
                approved = category == "taxi" and data["prior_approval"]
                lines.append(ExpenseLine(category, data[category], None, approved, "", day))
        return {"booking_id": str(data["booking_id"]), "lines": lines}


def _day(day: int | None, month: int | None, year: int | None) -> date:
    if day is None or month is None or year is None:
        message = _n("Enter the date you travelled or paid, like 3 12 2026.")
        raise ValidationError(message, "spent_on")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(_n("Enter a real date, like 3 12 2026."), "spent_on") from None


def first_errors(messages: dict[str, Any]) -> dict[str, str]:
    """Whole-form errors (no amount given) show by the amounts."""
    return shared_first_errors(messages, whole_form="amounts")
