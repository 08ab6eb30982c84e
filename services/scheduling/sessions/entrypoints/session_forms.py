"""The coordinators' session forms as marshmallow schemas: a new session (how and where, with
its times) and more times for a session. Times are read by uk_forms.Times; the booking window,
cancellation cut-off and decision time are typed as days or hours before each start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask_babel import gettext
from marshmallow import ValidationError, fields, post_load, validate

from services.scheduling.sessions.domain.planning import (
    MAX_CAPACITY,
    MAX_SLOTS,
    SessionRejected,
    SlotPlan,
)
from services.scheduling.sessions.entrypoints.uk_forms import (
    ActivityForm,
    PageForm,
    Times,
    _n,
    access_field,
    places_field,
    time_lines,
)
from shared.pages.formats import LONDON


def _whole(low: int, high: int, out_of_range: str, invalid: str) -> fields.Integer:
    """An optional whole number from low to high, typed in a box."""
    return fields.Integer(
        load_default=None,
        strict=False,
        validate=validate.Range(low, high, error=out_of_range),
        error_messages={"invalid": invalid},
    )


class TimesForm(PageForm):
    """The times to offer and the rules each one follows."""

    times = Times(
        MAX_SLOTS,
        _n("Enter between 1 and 50 times, one a line."),
        required=True,
        error_messages={"required": _n("Enter the times people can book.")},
    )
    capacity = places_field(_n("Enter how many places to offer at each time."))
    min_group_size = _whole(
        1,
        MAX_CAPACITY,
        _n("Enter a minimum group size from 1 to 500, or leave it empty."),
        _n("Enter the minimum group size as a number, like 4."),
    )
    decide_hours = _whole(
        1, 24 * 60, _n("Enter from 1 to 1440 hours."), _n("Enter the hours as a number, like 48.")
    )
    opens_days = _whole(
        1, 365, _n("Enter from 1 to 365 days."), _n("Enter the days as a number, like 14.")
    )
    cancel_hours = _whole(
        0, 24 * 30, _n("Enter from 0 to 720 hours."), _n("Enter the hours as a number, like 24.")
    )

    @post_load
    def _plans(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        """The same rules for every time, each counted back from its own start."""
        size, capacity = data.pop("min_group_size"), data.pop("capacity")
        decide, opens, cancel = (
            data.pop("decide_hours"),
            data.pop("opens_days"),
            data.pop("cancel_hours"),
        )
        if size is not None and size > capacity:
            raise ValidationError(
                _n("The minimum group size cannot be more than the places at each time."),
                "min_group_size",
            )
        if decide is not None and size is None:
            raise ValidationError(
                _n("Enter a minimum group size, or leave this empty."), "decide_hours"
            )
        data["plans"] = [
            SlotPlan(
                t.starts_at,
                t.ends_at,
                capacity,
                booking_opens_at=_days_before(t.starts_at, opens),
                cancel_by=_hours_before(t.starts_at, cancel),
                min_group_size=size,
                decision_at=_hours_before(t.starts_at, decide),
            )
            for t in data.pop("times")
        ]
        return data


def _hours_before(start: datetime, hours: int | None) -> datetime | None:
    return None if hours is None else start - timedelta(hours=hours)


def _days_before(start: datetime, days: int | None) -> datetime | None:
    """Days on the UK calendar: booking for 10am opens at 10am UK time, even with a clock
    change in between (zoneinfo arithmetic keeps the wall-clock time)."""
    if days is None:
        return None
    return (start.astimezone(LONDON) - timedelta(days=days)).astimezone(UTC)


class NewSessionForm(TimesForm, ActivityForm):
    directions = fields.String(
        load_default=None,
        validate=validate.Length(max=500, error=_n("Keep the directions to 500 characters.")),
    )
    access_features = access_field()


def refusal(rejected: SessionRejected, typed_times: str) -> dict[str, str]:
    """The domain's rule (its own words are plain English only) as {field: words in the page's
    language}; a rule about one time names the line it is on."""
    field, _, rest = rejected.field.partition(".")
    whole = {
        "activity_title": ("title", gettext("Enter the activity's title.")),
        "location": ("location", gettext("Enter the venue's name and address.")),
        "joining_url": ("joining_url", gettext("Enter the link people use to join online.")),
        "directions": ("directions", gettext("Keep the directions to 500 characters.")),
        "session": ("times", gettext("This session has been cancelled, so it has no new times.")),
    }
    if field != "slots" or not rest:
        page_field, words = whole.get(field, ("times", gettext("A session has at most 50 times.")))
        return {page_field: words}
    index, _, rule = rest.partition(".")
    line = time_lines(typed_times)[int(index)]
    page_field, words = {
        "ends_at": ("times", gettext("Each time must end after it starts. This one does not:")),
        "min_group_size": (
            "min_group_size",
            gettext("The minimum group size cannot be more than the places at each time."),
        ),
        "decision_at": ("decide_hours", gettext("The decision must come before this time:")),
        "cancel_by": ("cancel_hours", gettext("Cancelling must stop by the start of:")),
        "booking_opens_at": ("opens_days", gettext("Booking must open before this time:")),
    }.get(rule, ("times", _starts_words(rejected.message)))
    return {page_field: words if page_field == "min_group_size" else f"{words} {line}"}


def _starts_words(message: str) -> str:
    if "already offered" in message:
        return gettext("This session already has this time:")
    return gettext("Offer only times that are still to come. This one is not:")
