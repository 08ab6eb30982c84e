"""UK formats for what people read: phone numbers, dates and times, money."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import phonenumbers
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency

LONDON = ZoneInfo("Europe/London")

# Welsh mutates a weekday softly after "ar" (on): "ar ddydd Mawrth", never "ar Dydd Mawrth" as
# babel's day name would read there. An HTML tag may stand between them ("ar <b>Dydd ...").
_AR_DAY = re.compile(
    r"\b([Aa]r)(\s+(?:<[^<>]+>\s*)*)Dydd (Llun|Mawrth|Mercher|Iau|Gwener|Sadwrn|Sul)\b"
)


def welsh_after_ar(text: str) -> str:
    """'mae lle i chi ar Dydd Mawrth 15 Rhagfyr' -> '... ar ddydd Mawrth 15 Rhagfyr'. Pages call
    it on every translated string, in English too: most have no "Dydd", so no regex runs."""
    return _AR_DAY.sub(r"\1\2ddydd \3", text) if "Dydd" in text else text


def uk_phone(e164: str | None) -> str:
    """'+447123456789' -> '07123 456789', the way people in the UK write their numbers."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "GB")
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def uk_datetime(moment: datetime | None, language: str = "en") -> str:
    """A UTC time as people in the UK read it: 'Tuesday 3 December, 10:30am' (Europe/London)."""
    if moment is None:
        return ""
    text = format_datetime(moment, "EEEE d MMMM, h:mma", tzinfo=LONDON, locale=language)
    return text.replace("AM", "am").replace("PM", "pm")


def uk_date(day: date | None, language: str = "en") -> str:
    """A day as people in the UK write it: '4 December 2026'."""
    return format_date(day, "d MMMM y", locale=language) if day else ""


def uk_short_date(moment: datetime | None, language: str = "en") -> str:
    """A UTC time's day as a short UK date: 'Tue 8 Dec' (Europe/London)."""
    if moment is None:
        return ""
    return format_datetime(moment, "EEE d MMM", tzinfo=LONDON, locale=language)


def uk_money(pence: int, language: str = "en") -> str:
    """Integer pence as '£25.00'."""
    return format_currency(pence / 100, "GBP", locale=f"{language}_GB")
