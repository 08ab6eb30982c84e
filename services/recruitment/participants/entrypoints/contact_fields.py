"""Marshmallow fields for UK contact details, shared by the API, the sign-up form and the
participant's own pages: each checks its value and gives back the one stored spelling."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields

from services.recruitment.participants.domain.phone import InvalidPhone, normalise_uk_mobile
from services.recruitment.participants.domain.postcode import InvalidPostcode, normalise_postcode
from services.recruitment.staff.entrypoints.forms import _n

# The domain's messages, marked here so the Welsh catalog has them (first_errors translates).
_n("Enter a UK mobile number, like 07123 456789.")
_n("Enter a mobile number that can get texts, like 07123 456789.")
_n("Enter a full UK postcode, like LS7 3EX.")


class UkMobile(fields.String):
    """'07123 456789' -> '+447123456789' (E.164); a blank answer is no number."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not text.strip():
            return None
        try:
            return normalise_uk_mobile(text)
        except InvalidPhone as exc:
            raise ValidationError(str(exc)) from exc


class UkPostcode(fields.String):
    """' ls7 3ex' -> 'LS7 3EX'; a blank answer is no postcode."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not text.strip():
            return None
        try:
            return normalise_postcode(text)
        except InvalidPostcode as exc:
            raise ValidationError(str(exc)) from exc
