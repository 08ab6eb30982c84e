"""The web sign-up form and its labels: the same rules as the API, in words for people."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, post_load, validate, validates

from services.recruitment.activities.domain.activity import AGE_BANDS
from services.recruitment.activities.entrypoints.activity_schemas import AVAILABILITY
from services.recruitment.participants.domain.model import Profile
from services.recruitment.participants.entrypoints.contact_fields import UkMobile, UkPostcode
from services.recruitment.staff.entrypoints.forms import PageForm, _n
from shared.vocabulary.recruitment import CHANNELS, LANGUAGES, SUPPORT_NEEDS

NEED_LABELS = {
    "interpreter": _n("A spoken language interpreter"),
    "bsl": _n("A British Sign Language (BSL) interpreter"),
    "large_print": _n("Large print"),
    "easy_read": _n("Easy read"),
    "captions": _n("Captions on video calls"),
    "step_free": _n("Step-free access"),
    "hearing_loop": _n("A hearing loop"),
    "carer": _n("A carer coming with me"),
    "data_or_device": _n("Data or a device to join online"),
    "travel_help": _n("Help with travel"),
}
AVAILABILITY_LABELS = {
    "weekday_morning": _n("Weekday mornings"),
    "weekday_afternoon": _n("Weekday afternoons"),
    "weekday_evening": _n("Weekday evenings"),
    "weekend": _n("Weekends"),
}
LIST_FIELDS = ("support_needs", "availability", "health_tags")


class SignUpForm(PageForm):
    preferred_name = fields.String(
        required=True,
        validate=validate.Length(max=100, error=_n("Enter a name of 100 characters or fewer.")),
        error_messages={"required": _n("Enter the name you would like us to use.")},
    )
    phone = UkMobile(load_default=None)
    email = fields.Email(
        load_default=None,
        error_messages={"invalid": _n("Enter an email address like name@example.com.")},
    )
    preferred_channel = fields.String(
        required=True,
        validate=validate.OneOf(CHANNELS),
        error_messages={"required": _n("Choose text message or email.")},
    )
    language = fields.String(load_default="en", validate=validate.OneOf(LANGUAGES))
    postcode = UkPostcode(load_default=None)
    age_band = fields.String(load_default=None, validate=validate.OneOf(AGE_BANDS))
    support_needs = fields.List(fields.String(validate=validate.OneOf(SUPPORT_NEEDS)))
    interpreter_language = fields.String(load_default=None, validate=validate.Length(max=40))
    availability = fields.List(fields.String(validate=validate.OneOf(AVAILABILITY)))
    health_tags = fields.List(fields.String(validate=validate.Length(max=40)))
    special_consent = fields.Boolean(load_default=False, truthy={"yes"}, falsy={"no"})
    consent = fields.String(
        required=True,
        validate=validate.Equal("yes", error=_n("Tick the box to say you agree.")),
        error_messages={"required": _n("Tick the box to say you agree.")},
    )

    @validates("preferred_name")
    def _no_markup(self, value: str, **_: Any) -> None:
        if "<" in value or ">" in value:
            raise ValidationError(_n("Use letters in your name, without < or >."))

    @post_load
    def _normalise(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        for name in LIST_FIELDS:
            data.setdefault(name, [])
        return data


def form_data(form: Any) -> dict[str, Any]:
    """A posted form as a dict, with the repeated names (checkboxes) as lists."""
    return {**form.to_dict(), **{name: form.getlist(name) for name in LIST_FIELDS}}


class MyDetailsForm(SignUpForm):
    """The participant changing their own details: no consent box, since they already agreed."""

    consent = fields.String(load_default="yes")


def profile_from(form: dict[str, Any]) -> Profile:
    return Profile(
        postcode=form["postcode"],
        age_band=form["age_band"],
        support_needs=form["support_needs"],
        interpreter_language=form["interpreter_language"],
        availability=form["availability"],
        health_tags=form["health_tags"],
    )
