"""The panel pages' forms as marshmallow schemas: a new panel (the activity's fields), whom to
invite and for which term (UK days), a series ("second Tuesday at 6pm"), meetings one by one
(uk_forms.Times), and yes or no."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from marshmallow import ValidationError, fields, post_load, validate

from services.scheduling.panels.domain import MAX_MEETINGS
from services.scheduling.sessions.entrypoints.uk_forms import (
    ActivityForm,
    PageForm,
    Times,
    _n,
    access_field,
    places_field,
)

ORDINALS = ("1", "2", "3", "4", "-1")
WEEKDAYS = tuple(str(n) for n in range(7))


def _day(data: dict[str, Any], prefix: str, field: str) -> date:
    parts = [
        str(data.pop(f"{prefix}_{part}", "") or "").strip() for part in ("day", "month", "year")
    ]
    if not all(parts):
        raise ValidationError(_n("Enter a date, like 1 9 2027."), field)
    try:
        day, month, year = (int(part) for part in parts)
        return date(year, month, day)
    except ValueError as exc:
        raise ValidationError(_n("Enter a real date, like 1 9 2027."), field) from exc


class NewPanelForm(ActivityForm):
    access_features = access_field()


class InviteForm(PageForm):
    people = fields.List(
        fields.String(),
        required=True,
        validate=validate.Length(max=500, error=_n("Invite up to 500 people at a time.")),
        error_messages={"required": _n("Choose at least one person to invite.")},
    )
    starts_day = fields.String(data_key="starts-day", load_default="")
    starts_month = fields.String(data_key="starts-month", load_default="")
    starts_year = fields.String(data_key="starts-year", load_default="")
    ends_day = fields.String(data_key="ends-day", load_default="")
    ends_month = fields.String(data_key="ends-month", load_default="")
    ends_year = fields.String(data_key="ends-year", load_default="")

    @post_load
    def _term(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        data["starts_on"] = _day(data, "starts", "starts")
        data["ends_on"] = _day(data, "ends", "ends")
        return data


class RenewForm(PageForm):
    """Renew a member's term to a chosen day, or end it now."""

    choice = fields.String(
        required=True,
        validate=validate.OneOf(("renew", "end"), error=_n("Choose to renew the term or end it.")),
        error_messages={"required": _n("Choose to renew the term or end it.")},
    )
    ends_day = fields.String(data_key="ends-day", load_default="")
    ends_month = fields.String(data_key="ends-month", load_default="")
    ends_year = fields.String(data_key="ends-year", load_default="")

    @post_load
    def _end(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        if data["choice"] == "renew":
            data["ends_on"] = _day(data, "ends", "ends")
        return data


class SeriesForm(PageForm):
    ordinal = fields.String(
        required=True,
        validate=validate.OneOf(ORDINALS, error=_n("Choose which week of the month.")),
        error_messages={"required": _n("Choose which week of the month.")},
    )
    weekday = fields.String(
        required=True,
        validate=validate.OneOf(WEEKDAYS, error=_n("Choose a day of the week.")),
        error_messages={"required": _n("Choose a day of the week.")},
    )
    at = fields.String(
        required=True,
        validate=validate.Regexp(r"^\s*\d{1,2}[:.]\d{2}\s*$", error=_n("Enter a time like 18:00.")),
        error_messages={"required": _n("Enter a time like 18:00.")},
    )
    minutes = fields.Integer(
        required=True,
        strict=False,
        validate=validate.Range(15, 480, error=_n("Enter from 15 to 480 minutes.")),
        error_messages={
            "required": _n("Enter how long each meeting lasts."),
            "invalid": _n("Enter the minutes as a number, like 120."),
        },
    )
    first_month = fields.String(
        data_key="first-month",
        required=True,
        validate=validate.Regexp(
            r"^\s*\d{1,2}\s*/\s*\d{4}\s*$", error=_n("Enter a month like 9/2027.")
        ),
        error_messages={"required": _n("Enter a month like 9/2027.")},
    )
    count = fields.Integer(
        required=True,
        strict=False,
        validate=validate.Range(1, MAX_MEETINGS, error=_n("Choose from 1 to 24 meetings.")),
        error_messages={
            "required": _n("Enter how many meetings."),
            "invalid": _n("Enter the meetings as a number, like 12."),
        },
    )
    capacity = places_field(_n("Enter how many places each meeting has."))

    @post_load
    def _values(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        hour, minute = (int(part) for part in data["at"].strip().replace(".", ":").split(":"))
        if hour > 23 or minute > 59:
            raise ValidationError(_n("Enter a time like 18:00."), "at")
        month, year = (int(part) for part in data["first_month"].replace(" ", "").split("/"))
        if not 1 <= month <= 12:
            raise ValidationError(_n("Enter a month like 9/2027."), "first-month")
        data["at"] = time(hour, minute)
        data["first_month"] = date(year, month, 1)
        data["ordinal"], data["weekday"] = int(data["ordinal"]), int(data["weekday"])
        return data


class MeetingsForm(PageForm):
    times = Times(
        MAX_MEETINGS,
        _n("Enter between 1 and 24 meetings, one a line."),
        required=True,
        error_messages={"required": _n("Enter the meetings' times.")},
    )
    capacity = places_field(_n("Enter how many places each meeting has."))


class AnswerForm(PageForm):
    answer = fields.String(
        required=True,
        validate=validate.OneOf(("yes", "no"), error=_n("Choose yes or no.")),
        error_messages={"required": _n("Choose yes or no.")},
    )
