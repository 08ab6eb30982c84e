"""UK formats for what people read: phone numbers, dates and times, money."""

from __future__ import annotations

import phonenumbers


def uk_phone(e164: str | None) -> str:
    """'+447123456789' -> '07123 456789', the way people in the UK write their numbers."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "GB")
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
