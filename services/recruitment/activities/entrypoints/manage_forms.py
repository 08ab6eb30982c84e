"""Coordinators' activity form: plain text boxes for lists and targets, turned into the same
shapes the API takes, with messages in plain words."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import ValidationError, fields, post_load, validate, validates

from services.recruitment.activities.domain.activity import (
    AGE_BANDS,
    APPROACHES,
    FORMATS,
    RATE_UNITS,
)
from services.recruitment.staff.entrypoints.forms import PageForm, _n

_MONEY = re.compile(r"^£?\s*(\d{1,4})(?:\.(\d{2}))?$")
_TARGET = re.compile(r"^\s*([a-z_]+:[^=]+?)\s*=\s*(\d{1,6})\s*$")


def _words(text: str | None) -> list[str]:
    """'LS7, LS8 ,leeds' -> ['LS7', 'LS8', 'leeds']"""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def pence(text: str) -> int:
    match = _MONEY.match(text.strip())
    if not match:
        raise ValidationError(_n("Enter an amount like 25 or 25.00."))
    return int(match.group(1)) * 100 + int(match.group(2) or 0)


def targets(text: str | None) -> dict[str, int]:
    """One target a line: 'place:LS7 = 10'."""
    found = {}
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        match = _TARGET.match(line)
        if not match:
            raise ValidationError(_n("Write each target on its own line, like place:LS7 = 10."))
        found[match.group(1)] = int(match.group(2))
    return found


class ActivityForm(PageForm):
    title = fields.String(
        required=True,
        validate=validate.Length(max=120, error=_n("Use 120 characters or fewer.")),
        error_messages={"required": _n("Enter a title.")},
    )
    purpose = fields.String(
        required=True,
        validate=validate.Length(max=2000, error=_n("Use 2,000 characters or fewer.")),
        error_messages={"required": _n("Say why this activity matters.")},
    )
    approach = fields.String(
        required=True,
        validate=validate.OneOf(APPROACHES),
        error_messages={"required": _n("Choose how people will take part.")},
    )
    formats = fields.List(
        fields.String(validate=validate.OneOf(FORMATS)),
        required=True,
        validate=validate.Length(min=1, error=_n("Choose at least one format.")),
        error_messages={"required": _n("Choose at least one format.")},
    )
    places = fields.String(load_default="")
    age_bands = fields.List(fields.String(validate=validate.OneOf(AGE_BANDS)), load_default=list)
    tags = fields.String(load_default="")
    seldom_heard = fields.String(load_default="")
    targets = fields.String(load_default="")
    rate = fields.String(load_default="0")
    rate_unit = fields.String(load_default="hour", validate=validate.OneOf(RATE_UNITS))
    expenses_covered = fields.String(load_default="no")
    recognition = fields.String(load_default="", validate=validate.Length(max=300))
    invite_on_sign_up = fields.String(load_default="no")

    @validates("rate")
    def _rate(self, value: str, **_: Any) -> None:
        pence(value)

    @validates("targets")
    def _targets(self, value: str, **_: Any) -> None:
        targets(value)

    @post_load
    def _as_command(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        tags = [t.lower() for t in _words(data["tags"])]
        return {
            "title": data["title"],
            "purpose": data["purpose"],
            "approach": data["approach"],
            "formats": data["formats"],
            "audience": {
                "places": _words(data["places"]),
                "age_bands": data["age_bands"],
                "tags": tags,
                "seldom_heard": [t.lower() for t in _words(data["seldom_heard"])],
                "targets": targets(data["targets"]),
            },
            "offer": {
                "rate_pence": pence(data["rate"]),
                "rate_unit": data["rate_unit"],
                "expenses_covered": data["expenses_covered"] == "yes",
                "recognition": data["recognition"],
            },
            "invite_on_sign_up": data["invite_on_sign_up"] == "yes",
        }


LIST_FIELDS = ("formats", "age_bands")


def form_data(form: Any) -> dict[str, Any]:
    return {**form.to_dict(), **{name: form.getlist(name) for name in LIST_FIELDS}}
