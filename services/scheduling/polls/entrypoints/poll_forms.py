"""The coordinators' poll forms as marshmallow schemas: times written the UK way (read by
uk_forms.Times), a closing day, the people ticked to ask, and the places to offer when a
time becomes a session."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, post_load, validate

from services.scheduling.polls.domain import MAX_OPTIONS
from services.scheduling.sessions.entrypoints.uk_forms import (
    ActivityForm,
    PageForm,
    Times,
    _n,
    access_field,
    london,
    places_field,
)

MAX_PEOPLE = 500  # one invitation form at a time


class NewPollForm(ActivityForm):
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
    """The ticked people (each box's value is their id; whether the poll's organisation knows
    them is the service layer's to say)."""

    people = fields.List(
        fields.String(),
        required=True,
        validate=validate.Length(max=MAX_PEOPLE, error=_n("Invite up to 500 people at a time.")),
        error_messages={"required": _n("Choose at least one person to ask.")},
    )


class ScheduleForm(PageForm):
    capacity = places_field(_n("Enter how many places to offer."))
    access_features = access_field()
