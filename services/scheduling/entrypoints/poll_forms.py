"""The coordinators' poll forms as marshmallow schemas: times written the UK way
("3/12/2026 10:30 to 12:00", in UK time), a closing day, people's reference numbers, and the
places to offer when a time becomes a session."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from flask_babel import gettext
from marshmallow import (
    EXCLUDE,
    Schema,
    ValidationError,
    fields,
    post_load,
    pre_load,
    validate,
)

from services.scheduling.domain.planning import ACCESS_FEATURES, FORMATS, MAX_CAPACITY
from services.scheduling.domain.poll import MAX_OPTIONS, MAX_TITLE, OptionPlan
from shared.pages.formats import LONDON

MAX_PEOPLE = 500  # one invitation form at a time
_TIME = r"(\d{1,2})[:.](\d{2})\s*(am|pm)?"
_LINE = re.compile(
    rf"^(\d{{1,2}})/(\d{{1,2}})/(\d{{4}}),?\s+{_TIME}\s*(?:to|-|\u2013)\s*{_TIME}$", re.IGNORECASE
)
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _n(text: str) -> str:
    """Marks a message for translation (pybabel -k _n); first_errors() translates it when
    shown, because marshmallow needs plain strings before any request has a language."""
    return text


class PageForm(Schema):
    """Extra fields (csrf_token) are ignored; a blank answer counts as missing."""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def _blank_is_missing(self, data: Any, **_: Any) -> dict[str, Any]:
        return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}


def first_errors(messages: dict[str, Any]) -> dict[str, str]:
    """{field: [messages]} as {field: first message, in the page's language}."""
    flat = {}
    for field, value in messages.items():
        while isinstance(value, (list, dict)):
            value = next(iter(value.values())) if isinstance(value, dict) else value[0]
        flat[field] = gettext(str(value))
    return flat


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


class Times(fields.Field):
    """One time a line -> [OptionPlan], naming the first line that is not a time."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> list[OptionPlan]:
        lines = [line.strip() for line in str(value).splitlines() if line.strip()]
        if not 1 <= len(lines) <= MAX_OPTIONS:
            raise ValidationError(_n("Enter between 1 and 9 times, one a line."))
        plans = []
        for line in lines:
            try:
                plans.append(read_time(line))
            except ValueError as exc:
                words = gettext("Write each time like 3/12/2026 10:30 to 12:00. This one is not:")
                raise ValidationError(f"{words} {line}") from exc
        return plans


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
    times = Times(required=True, error_messages={"required": _n("Enter the times to offer.")})
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
