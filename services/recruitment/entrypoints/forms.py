"""Marshmallow schemas for recruitment's HTML forms (the same validation as the API)."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from services.recruitment.domain.staff import ROLES


class SignInForm(Schema):
    class Meta:
        unknown = EXCLUDE  # csrf_token and the like

    email = fields.Email(
        required=True,
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@example.com.",
        },
    )
    password = fields.String(
        required=True,
        validate=validate.Length(min=1, max=1000),
        error_messages={"required": "Enter your password."},
    )
    next = fields.String(load_default=None)


class NewStaffForm(Schema):
    class Meta:
        unknown = EXCLUDE

    display_name = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100),
        error_messages={"required": "Enter the person's name."},
    )
    email = fields.Email(
        required=True,
        error_messages={
            "required": "Enter their email address.",
            "invalid": "Enter an email address like name@example.com.",
        },
    )
    password = fields.String(
        required=True,
        validate=validate.Length(
            min=12, max=1000, error="Use a password of at least 12 characters."
        ),
        error_messages={"required": "Enter a first password for them."},
    )
    roles = fields.List(
        fields.String(validate=validate.OneOf(ROLES)),
        required=True,
        validate=validate.Length(min=1, error="Choose at least one role."),
        error_messages={"required": "Choose at least one role."},
    )


def first_errors(messages: dict) -> dict[str, str]:  # type: ignore[type-arg]
    """marshmallow's {field: [messages]} as {field: first message}, for the error summary."""
    flat = {}
    for field, value in messages.items():
        while isinstance(value, (list, dict)):
            value = next(iter(value.values())) if isinstance(value, dict) else value[0]
        flat[field] = str(value)
    return flat


class LinkRequestForm(Schema):
    class Meta:
        unknown = EXCLUDE

    contact = fields.String(
        required=True,
        validate=validate.Length(
            min=3, max=254, error="Enter your mobile number or email address."
        ),
        error_messages={"required": "Enter your mobile number or email address."},
    )
