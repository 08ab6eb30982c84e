"""The coordinators' poll forms as marshmallow schemas: times written the UK way (read by
uk_forms.Times), a closing day, people's reference numbers, and the places to offer when a
time becomes a session."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext
from marshmallow import ValidationError, fields, post_load

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
    people = People(
        required=True, error_messages={"required": _n("Enter at least one reference number.")}
    )


class ScheduleForm(PageForm):
    capacity = places_field(_n("Enter how many places to offer."))
    access_features = access_field()
