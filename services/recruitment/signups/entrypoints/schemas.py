"""The shapes of recruitment's API requests and responses."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates

from services.recruitment.participants.entrypoints.contact_fields import UkMobile
from shared.vocabulary.recruitment import CHANNELS, LANGUAGES, SIGN_UP_CHANNELS


class SignUpRequest(Schema):
    preferred_name = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100, error="Enter a name of 1 to 100 characters."),
        metadata={"description": "What the person would like to be called."},
    )
    phone = UkMobile(
        load_default=None,
        allow_none=True,
        metadata={"description": "UK mobile number.", "example": "07123 456789"},
    )
    email = fields.Email(
        load_default=None,
        allow_none=True,
        error_messages={"invalid": "Enter an email address like name@example.com."},
    )
    preferred_channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    language = fields.String(load_default="en", validate=validate.OneOf(LANGUAGES))
    # "coordinator" is only for staff, through /api/recruitment/activities/<id>/sign-ups.
    sign_up_channel = fields.String(
        load_default="web",
        validate=validate.OneOf([c for c in SIGN_UP_CHANNELS if c != "coordinator"]),
    )
    consent = fields.Boolean(
        required=True, metadata={"description": "The person agreed to the consent text."}
    )
    consent_version = fields.String(required=True, validate=validate.Length(min=1, max=30))

    @validates("preferred_name")
    def _name_not_blank(self, value: str, **_: Any) -> None:
        if not value.strip():
            raise ValidationError("Enter a name.")

    @validates("consent")
    def _consent_given(self, value: bool, **_: Any) -> None:
        if not value:
            raise ValidationError("You need to agree before you can sign up.")


class SignUpResponse(Schema):
    participant_id = fields.UUID(required=True)
