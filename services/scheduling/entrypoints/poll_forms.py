"""The coordinators' poll forms as marshmallow schemas: times written the UK way (read by
uk_forms.Times), a closing day, people's reference numbers, and the places to offer when a
time becomes a session."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext
from marshmallow import ValidationError, fields, post_load, validate

from services.scheduling.domain.planning import ACCESS_FEATURES, FORMATS, MAX_CAPACITY
from services.scheduling.domain.poll import MAX_OPTIONS, MAX_TITLE
from services.scheduling.entrypoints.uk_forms import PageForm, Times, _n, london

MAX_PEOPLE = 500  # one invitation form at a time
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class People(fields.Field):
    """Reference numbers apart with spaces, commas or new lines -> a list without repeats."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> list[str]:
        refs = list(dict.fromkeys(r.lower() for r in re.split(r"[\s,;]+", str(value)) if r))
        if len(refs) > MAX_PEOPLE:
            raise ValidationError(_n("Invite up to 500 people at a time."))
        wrong = [r for r in refs if not _UUID.match(r)]
        if wrong:
            words = gettext("This is not a reference number:")
            raise ValidationError(f"{words} {wrong[0][:40]}")
        return refs


class NewPollForm(PageForm):
    activity_id = fields.UUID(
        required=True,
        error_messages={
            "required": _n("Enter the activity's reference number."),
            "invalid_uuid": _n("Enter the activity's reference number as it is shown."),
        },
    )
    title = fields.String(
        required=True,
        validate=validate.Length(max=MAX_TITLE, error=_n("Keep the title to 120 characters.")),
        error_messages={"required": _n("Enter the activity's title.")},
    )
    format = fields.String(
        required=True,
        validate=validate.OneOf(FORMATS, error=_n("Choose online, in person or hybrid.")),
        error_messages={"required": _n("Choose online, in person or hybrid.")},
    )
    location = fields.String(
        load_default=None,
        validate=validate.Length(max=300, error=_n("Keep the venue to 300 characters.")),
    )
    joining_url = fields.Url(
        load_default=None,
        schemes={"https"},
        error_messages={"invalid": _n("Enter a link that starts with https://")},
    )
    times = Times(
        MAX_OPTIONS,
        _n("Enter between 1 and 9 times, one a line."),
        required=True,
        error_messages={"required": _n("Enter the times to offer.")},
    )
    day = fields.String(data_key="closes-day", load_default=None)
    month = fields.String(data_key="closes-month", load_default=None)
    year = fields.String(data_key="closes-year", load_default=None)

    @post_load
    def _closes_at(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        """Answers close at the end of the chosen day (11:59pm, UK time)."""
        parts = (data.pop("year"), data.pop("month"), data.pop("day"))
        if None in parts:
            raise ValidationError(_n("Enter the last day to answer."), "closes")
        try:
            year, month, day = (int(part.strip()) for part in parts)  # type: ignore[union-attr]
            data["closes_at"] = london(year, month, day, 23, 59)
        except ValueError as exc:
            raise ValidationError(_n("Enter a real date, like 27 11 2026."), "closes") from exc
        return data


class InviteForm(PageForm):
    people = People(
        required=True, error_messages={"required": _n("Enter at least one reference number.")}
    )


class ScheduleForm(PageForm):
    capacity = fields.Integer(
        required=True,
        strict=False,
        validate=validate.Range(1, MAX_CAPACITY, error=_n("Offer from 1 to 500 places.")),
        error_messages={
            "required": _n("Enter how many places to offer."),
            "invalid": _n("Enter the places as a number, like 8."),
        },
    )
    access_features = fields.List(
        fields.String(validate=validate.OneOf(ACCESS_FEATURES, error=_n("Choose from the list."))),
        load_default=list,
    )
