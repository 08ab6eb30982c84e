"""UK mobile numbers, normalised to E.164 so every service sees one spelling."""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType


class InvalidPhone(ValueError):
    pass


def normalise_uk_mobile(text: str) -> str:
    """'07123 456789' or '+44 7700 900123' -> '+447700900123'; anything else raises InvalidPhone."""
    try:
        number = phonenumbers.parse(text, "GB")
    except NumberParseException as exc:
        raise InvalidPhone("Enter a UK mobile number, like 07123 456789.") from exc
    if not phonenumbers.is_valid_number(number) or number.country_code != 44:
        raise InvalidPhone("Enter a UK mobile number, like 07123 456789.")
    if phonenumbers.number_type(number) != PhoneNumberType.MOBILE:
        raise InvalidPhone("Enter a mobile number that can get texts, like 07123 456789.")
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)
