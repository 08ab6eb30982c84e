"""Marshmallow schemas for recruitment's HTML forms (the same validation as the API)."""

from __future__ import annotations

from marshmallow import fields, validate

from services.recruitment.staff.domain.staff import ROLES
from shared.pages.forms import PageForm, _n, first_errors

__all__ = [
    "EditStaffForm",
    "LinkRequestForm",
    "NewStaffForm",
    "PageForm",
    "SignInForm",
    "_n",
    "first_errors",
]


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


class EditStaffForm(PageForm):
    """What an admin may change on an account: the name and the roles."""

    display_name = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100),
        error_messages={"required": _n("Enter the person's name.")},
    )
    roles = fields.List(
        fields.String(validate=validate.OneOf(ROLES)),
        required=True,
        validate=validate.Length(min=1, error=_n("Choose at least one role.")),
        error_messages={"required": _n("Choose at least one role.")},
    )


class NewStaffForm(EditStaffForm):
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


class LinkRequestForm(PageForm):
    contact = fields.String(
        required=True,
        validate=validate.Length(
            min=3, max=254, error=_n("Enter your mobile number or email address.")
        ),
        error_messages={"required": _n("Enter your mobile number or email address.")},
    )
    # The page that asked for a sign-in (shared.auth.require_participant); kept only if safe.
    next = fields.String(load_default=None)
