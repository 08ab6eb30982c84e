"""The shapes of the coordinators' activity API (requests validated, responses documented)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates

from services.recruitment.activities.domain.activity import (
    AGE_BANDS,
    APPROACHES,
    FORMATS,
    RATE_UNITS,
)
from services.recruitment.activities.domain.channels import CHANNEL_KINDS
from services.recruitment.participants.entrypoints.contact_fields import UkMobile, UkPostcode
from shared.vocabulary.recruitment import CHANNELS, LANGUAGES, SUPPORT_NEEDS

_TAG = validate.Regexp(r"^[a-z0-9][a-z0-9_\- ]{0,39}$", error="Use short lower-case words.")
AVAILABILITY = ("weekday_morning", "weekday_afternoon", "weekday_evening", "weekend")


def _tags(**kwargs: Any) -> fields.List:
    return fields.List(fields.String(validate=_TAG), validate=validate.Length(max=50), **kwargs)


class AudienceSchema(Schema):
    places = fields.List(
        fields.String(validate=validate.Length(min=2, max=60)),
        load_default=list,
        metadata={"description": "Postcode districts (LS7) or local authorities."},
    )
    age_bands = fields.List(fields.String(validate=validate.OneOf(AGE_BANDS)), load_default=list)
    tags = _tags(load_default=list, metadata={"description": "Lived experience and conditions."})
    interests = _tags(load_default=list)
    seldom_heard = _tags(load_default=list, metadata={"description": "Groups to reach first."})
    targets = fields.Dict(
        keys=fields.String(validate=validate.Length(min=3, max=110)),
        values=fields.Integer(validate=validate.Range(min=1, max=100_000)),
        load_default=dict,
        metadata={"example": {"place:LS7": 10, "age:65-74": 5, "tag:diabetes": 8}},
    )


class OfferSchema(Schema):
    rate_pence = fields.Integer(load_default=0, validate=validate.Range(min=0, max=100_000))
    rate_unit = fields.String(load_default="hour", validate=validate.OneOf(RATE_UNITS))
    expenses_covered = fields.Boolean(load_default=True)
    recognition = fields.String(load_default="", validate=validate.Length(max=300))


class ActivityRequest(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    purpose = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    approach = fields.String(required=True, validate=validate.OneOf(APPROACHES))
    formats = fields.List(
        fields.String(validate=validate.OneOf(FORMATS)),
        required=True,
        validate=validate.Length(min=1, max=3),
    )
    audience = fields.Nested(AudienceSchema, load_default=dict)
    offer = fields.Nested(OfferSchema, load_default=dict)
    invite_on_sign_up = fields.Boolean(
        load_default=False,
        metadata={"description": "Invite everyone who signs up at once, e.g. to book times."},
    )


class ActivityAnswer(ActivityRequest):
    id = fields.String()
    status = fields.String()
    created_at = fields.AwareDateTime()


class StatusRequest(Schema):
    status = fields.String(required=True, validate=validate.OneOf(("open", "closed")))


class ChannelRequest(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(CHANNEL_KINDS))
    code = fields.String(required=True, validate=validate.Length(min=2, max=20))
    partner = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))


class ChannelAnswer(Schema):
    id = fields.String()
    kind = fields.String()
    code = fields.String()
    partner = fields.String(allow_none=True)
    sign_up_url = fields.String(metadata={"description": "Path of the sign-up page."})


class ProfileSchema(Schema):
    """A participant's profile, shared by the web form, the coordinator API and self-service."""

    postcode = UkPostcode(load_default=None, allow_none=True)
    age_band = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(AGE_BANDS))
    support_needs = fields.List(
        fields.String(validate=validate.OneOf(SUPPORT_NEEDS)), load_default=list
    )
    interpreter_language = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=40)
    )
    availability = fields.List(
        fields.String(validate=validate.OneOf(AVAILABILITY)), load_default=list
    )
    interests = _tags(load_default=list)
    health_tags = _tags(load_default=list)


class EnteredSignUpRequest(Schema):
    """A sign-up a coordinator enters for someone on the phone or from a paper form."""

    preferred_name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    phone = UkMobile(load_default=None, allow_none=True)
    email = fields.Email(load_default=None, allow_none=True)
    preferred_channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    language = fields.String(load_default="en", validate=validate.OneOf(LANGUAGES))
    consent = fields.Boolean(required=True)
    special_consent = fields.Boolean(load_default=False)
    profile = fields.Nested(ProfileSchema, load_default=dict)

    @validates("consent")
    def _consent_given(self, value: bool, **_: Any) -> None:
        if not value:
            raise ValidationError("Only enter someone who has agreed to take part.")


class SignedUpAnswer(Schema):
    participant_id = fields.String()
    activity_id = fields.String()
    new_person = fields.Boolean()
