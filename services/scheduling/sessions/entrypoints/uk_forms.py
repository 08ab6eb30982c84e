"""What scheduling's coordinator forms share (PageForm and first_errors come from
shared.pages.forms): the one reader of times written the UK way ("3/12/2026 10:30 to 12:00", one a
line, am/pm accepted, in UK time), and the activity's fields and a session's places and access,
used by polls and sessions alike."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from flask_babel import gettext
from marshmallow import ValidationError, fields, validate

from services.scheduling.polls.domain import MAX_TITLE, OptionPlan
from services.scheduling.sessions.domain.planning import ACCESS_FEATURES, FORMATS, MAX_CAPACITY
from shared.pages.formats import LONDON
from shared.pages.forms import PageForm, _n, first_errors

__all__ = [
    "ActivityForm",
    "PageForm",
    "Times",
    "_n",
    "access_field",
    "first_errors",
    "london",
    "places_field",
    "time_lines",
]

_TIME = r"(\d{1,2})[:.](\d{2})\s*(am|pm)?"
_LINE = re.compile(
    rf"^(\d{{1,2}})/(\d{{1,2}})/(\d{{4}}),?\s+{_TIME}\s*(?:to|-|\u2013)\s*{_TIME}$", re.IGNORECASE
)


def london(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    """A UK wall-clock time in UTC; ValueError if there is no such day or time (the hour the
    clocks go forward in March does not exist)."""
    local = datetime(year, month, day, hour, minute, tzinfo=LONDON)
    if local.astimezone(UTC).astimezone(LONDON).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ValueError("no such time")
    return local.astimezone(UTC)


def _hour(hour: str, minute: str, half: str | None) -> tuple[int, int]:
    h, m = int(hour), int(minute)
    if half:
        if not 1 <= h <= 12:
            raise ValueError("not a 12-hour time")
        h = h % 12 + (12 if half.lower() == "pm" else 0)
    if h > 23 or m > 59:
        raise ValueError("no such time")
    return h, m


def read_time(line: str) -> OptionPlan:
    found = _LINE.match(" ".join(line.split()))
    if not found:
        raise ValueError("not a time")
    day, month, year, sh, sm, shalf, eh, em, ehalf = found.groups()
    start = london(int(year), int(month), int(day), *_hour(sh, sm, shalf))
    end = london(int(year), int(month), int(day), *_hour(eh, em, ehalf))
    return OptionPlan(start, end)


def time_lines(text: str) -> list[str]:
    """The lines of a times box that say something, in the order typed."""
    return [line.strip() for line in str(text).splitlines() if line.strip()]


class Times(fields.Field):
    """One time a line -> [OptionPlan], naming the first line that is not a time or repeats
    one above it. `too_many` is the (marked) message for more than `most` lines."""

    def __init__(self, most: int, too_many: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.most, self.too_many = most, too_many

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> list[OptionPlan]:
        lines = time_lines(value)
        if not 1 <= len(lines) <= self.most:
            raise ValidationError(self.too_many)
        plans = []
        for line in lines:
            try:
                plans.append(read_time(line))
            except ValueError as exc:
                words = gettext("Write each time like 3/12/2026 10:30 to 12:00. This one is not:")
                raise ValidationError(f"{words} {line}") from exc
            if plans[-1] in plans[:-1]:
                words = gettext("Offer each time once. This one is repeated:")
                raise ValidationError(f"{words} {line}")
        return plans


class ActivityForm(PageForm):
    """The activity a poll or session is for, and how and where it happens."""

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
        validate=validate.Length(max=500, error=_n("Keep the link to 500 characters.")),
        error_messages={"invalid": _n("Enter a link that starts with https://")},
    )


def places_field(required: str) -> fields.Integer:
    """How many places to offer at a time; `required` is the (marked) message when empty."""
    return fields.Integer(
        required=True,
        strict=False,
        validate=validate.Range(1, MAX_CAPACITY, error=_n("Offer from 1 to 500 places.")),
        error_messages={
            "required": required,
            "invalid": _n("Enter the places as a number, like 8."),
        },
    )


def access_field() -> fields.List:
    """The ticked boxes of what the venue has (none ticked: an empty list)."""
    return fields.List(
        fields.String(validate=validate.OneOf(ACCESS_FEATURES, error=_n("Choose from the list."))),
        load_default=list,
    )
