"""Marshmallow schemas for recruitment's HTML forms (the same validation as the API)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from marshmallow import EXCLUDE, Schema, fields, pre_load, validate

from services.recruitment.domain.staff import ROLES


def _n(text: str) -> str:
    """Marks a message for translation (pybabel -k _n); first_errors() translates it when shown.
    marshmallow needs plain strings at class definition, before any request has a language."""
    return text


class PageForm(Schema):
    """A form posted from a page: extra fields (csrf_token) are ignored, and a field left
    blank counts as missing, so people see "Enter your …" rather than a format error."""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def _blank_is_missing(self, data: Any, **_: Any) -> dict[str, Any]:
        items = data.items() if hasattr(data, "items") else []
        return {k: v for k, v in items if not (isinstance(v, str) and not v.strip())}


class SignInForm(PageForm):
    email = fields.Email(
        required=True,
        error_messages={
            "required": _n("Enter your email address."),
            "invalid": _n("Enter an email address like name@example.com."),
        },
    )
    password = fields.String(
        required=True,
        validate=validate.Length(min=1, max=1000),
        error_messages={"required": _n("Enter your password.")},
    )
    next = fields.String(load_default=None)


class NewStaffForm(PageForm):
    display_name = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100),
        error_messages={"required": _n("Enter the person's name.")},
    )
    email = fields.Email(
        required=True,
        error_messages={
            "required": _n("Enter their email address."),
            "invalid": _n("Enter an email address like name@example.com."),
        },
    )
    password = fields.String(
        required=True,
        validate=validate.Length(
            min=12, max=1000, error=_n("Use a password of at least 12 characters.")
        ),
        error_messages={"required": _n("Enter a first password for them.")},
    )
    roles = fields.List(
        fields.String(validate=validate.OneOf(ROLES)),
        required=True,
        validate=validate.Length(min=1, error=_n("Choose at least one role.")),
        error_messages={"required": _n("Choose at least one role.")},
    )


def first_errors(messages: dict) -> dict[str, str]:  # type: ignore[type-arg]
    """marshmallow's {field: [messages]} as {field: first message}, for the error summary."""
    flat = {}
    for field, value in messages.items():
        while isinstance(value, (list, dict)):
            value = next(iter(value.values())) if isinstance(value, dict) else value[0]
        flat[field] = gettext(str(value))
    return flat


class LinkRequestForm(PageForm):
    contact = fields.String(
        required=True,
        validate=validate.Length(
            min=3, max=254, error=_n("Enter your mobile number or email address.")
        ),
        error_messages={"required": _n("Enter your mobile number or email address.")},
    )
