"""Message templates stored as files: templates/<name>/<channel>.<language>.<kind>.

HTML emails extend templates/_email/layout.html, which holds the large-print variant.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from babel.dates import format_datetime
from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context

from services.notifications.domain.sending_as import DEPLOYMENT_NAME, SMS_NAME_MAX
from services.notifications.domain.sms import (
    MOST_SEGMENTS,
    PLAIN_MARKS,
    fit_title,
    gsm7_form,
    segments,
)
from services.notifications.ports import Rendered
from shared.pages.formats import LONDON, uk_date, uk_datetime, uk_money, welsh_after_ar

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates"
FALLBACK_LANGUAGE = "en"

# Realistic and long on purpose: a name that forces UCS-2, a full-length link, a long title.
SAMPLE_DATA: dict[str, str | None] = {
    "name": "Siân Llewellyn-Jones",
    # The longest organisation name a text carries (longer ones take their short name).
    "organisation": "Hywel Dda University"[:SMS_NAME_MAX],
    "url": "https://chorus.example.nhs.uk/join/link/me/" + "x" * 80,
    "activity_title": "Making GP appointments work for shift workers",
    # A message link as minted (shared.magic_links.message_link_url): over 200 characters, so
    # no text carries one; texts name the keyword to reply instead.
    "action_url": "https://chorus.example.nhs.uk/join/link/book/"
    + "x" * 110
    + "?next=/book/activities/8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a",
    "activity_url": "https://chorus.example.nhs.uk/join/activities/8d7c6b5a-4f3e-4d2c",
    # "You said, we did": the public page of an activity's outcomes (no token: texts carry it).
    "outcomes_url": "https://chorus.example.nhs.uk/join/activities/"
    + "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a/outcomes",
    "outcome_title": "Letters now use bigger print",
    "status": "changed",
    "respond_by": "2026-12-10T17:00:00+00:00",
    "paid": True,  # the longer invitation
    "starts_at": "2026-12-02T10:30:00+00:00",  # a Wednesday: the longest day name
    "ends_at": "2026-12-02T12:00:00+00:00",
    "location": "Central Library, Calverley Street, Leeds LS1 3AB",
    "joining_url": None,
    "reason": "full",  # the longest opening line
    "options": [
        {"choice": 1, "starts_at": "2026-12-02T10:30:00+00:00", "location": "Central Library"},
        {"choice": 2, "starts_at": "2026-12-03T18:00:00+00:00", "location": None},
        {"choice": 3, "starts_at": "2026-12-05T11:00:00+00:00", "location": "St Mary's Hall"},
    ],
    "hold_expires_at": "2026-12-01T16:30:00+00:00",
    "hint": "choose_a_number",
    "choices": 3,
    # Payments: an amount in pence, how they chose to be paid, their /pay page, and a reason.
    "amount_pence": 104250,
    "session_starts_at": "2026-12-02T10:30:00+00:00",  # the session a fee is for (or None)
    "minutes_attended": 105,  # part of a session (ClaimApproved): the longer approval text
    "session_minutes": 120,
    "by_participant": False,  # an expense claim a coordinator entered for them: the longer text
    "choice": "voucher",  # the longest approval text
    "pay_url": "https://chorus.example.nhs.uk/pay",
    "rejection_reason": "We could not find you on the sign-in sheet for this session. "
    "If you were there, reply to this message and we will look again.",
    # Availability polls: where to answer, when it closes, and an answer by text ([] = none).
    "poll_url": "https://chorus.example.nhs.uk/book/polls/0c1d2e3f-4a5b-4c6d-8e7f-8a9b0c1d2e3f",
    "closes_at": "2026-11-30T17:00:00+00:00",
    "answer": [1, 3, 5],
    # Feedback after a session: the texted dialogue's step (the longest reply).
    "step": "words",
    # The SMS sign-up dialogue: what to ask or say (the longest), why again, the code typed.
    "sign_up": "support_needs",
    "problem": "numbers",
    "code": "AB12",
    "privacy_url": "https://chorus.example.nhs.uk/privacy",
    # Arrangements for someone's needs (ArrangementDone): what was and was not arranged.
    "arranged": ["bsl_interpreter", "step_free", "large_print", "carer"],
    "not_arranged": ["taxi", "hearing_loop"],
    "update": True,  # told before: the longer words
    # Advisory panels: a member's term (UK days), and what a text answer did.
    "starts_on": "2027-09-01",
    "ends_on": "2028-08-31",
    "what": "meeting_no",
    # The number an email may tell them to text (they have a mobile; "" when they have none).
    "text_number": "07700 900123",
}


def template_names(directory: Path = TEMPLATE_DIR) -> list[str]:
    """The message templates; folders starting with '_' hold shared layouts."""
    return sorted(p.name for p in directory.iterdir() if p.is_dir() and p.name[0] != "_")


@pass_context
def _when(context: Context, iso: str) -> str:
    """'2026-12-02T10:30:00+00:00' -> 'Wednesday 2 December, 10:30am' (UK time)."""
    return uk_datetime(datetime.fromisoformat(iso), context.get("language", "en"))


@pass_context
def _short_when(context: Context, iso: str) -> str:
    """'Wed 2 Dec, 10:30am': for lists of times in a text message."""
    moment = datetime.fromisoformat(iso)
    text = format_datetime(moment, "EEE d MMM, h:mma", tzinfo=LONDON, locale=context["language"])
    return text.replace("AM", "am").replace("PM", "pm")


@pass_context
def _day(context: Context, iso: str) -> str:
    """'Wednesday 2 December' (UK date): the day of a session, without its time."""
    moment = datetime.fromisoformat(iso)
    return format_datetime(moment, "EEEE d MMMM", tzinfo=LONDON, locale=context["language"])


@pass_context
def _date(context: Context, iso: str) -> str:
    """'2027-09-01' -> '1 September 2027': a UK day with its year (a panel member's term)."""
    return uk_date(date.fromisoformat(iso[:10]), context["language"])


def _clock(iso: str) -> str:
    """Only the time of day: '12:00pm'."""
    moment = datetime.fromisoformat(iso).astimezone(LONDON)
    return moment.strftime("%I:%M%p").lstrip("0").lower()


@pass_context
def _money(context: Context, pence: int) -> str:
    """Integer pence as '£42.50' (the pound sign is GSM-7: it costs a text nothing extra)."""
    return uk_money(pence, context.get("language", "en"))


def _place(location: str) -> str:
    """The first part of a venue's address ('Central Library'), short enough for a text."""
    return location.split(",")[0].strip()[:40]


class FileTemplates:
    def __init__(self, directory: Path = TEMPLATE_DIR) -> None:
        self._env = Environment(
            loader=FileSystemLoader(directory),
            autoescape=select_autoescape(enabled_extensions=("html",)),
            undefined=StrictUndefined,  # a missing value is a bug, never a blank in someone's text
            keep_trailing_newline=False,
        )
        self._env.filters.update(
            when=_when, short_when=_short_when, clock=_clock, place=_place, money=_money, day=_day
        )
        self._env.filters["date"] = _date

    def render(
        self,
        template: str,
        channel: str,
        language: str,
        context: dict[str, Any],
        large_print: bool = False,
    ) -> Rendered:
        # Previews and older callers name no organisation: the words say the deployment's name.
        # No number to text unless the dispatcher gives one: an email then offers only the web
        # and email ways (someone with no mobile is never told to text).
        context = {
            "organisation": DEPLOYMENT_NAME,
            "text_number": "",
            **context,
            "large_print": large_print,
        }
        if channel == "sms":
            return Rendered("", self._fitted_sms(template, language, context), "")
        return Rendered(
            subject=self._one(template, "email.{}.subject.txt", language, context),
            body=self._one(template, "email.{}.txt", language, context),
            html=self._one(template, "email.{}.html", language, context),
        )

    def _sms(self, template: str, language: str, context: dict[str, Any]) -> str:
        return self._one(template, "sms.{}.txt", language, context).translate(PLAIN_MARKS)

    def _fitted_sms(self, template: str, language: str, context: dict[str, Any]) -> str:
        """A text within 2 segments whatever the activity's title: a title that would make it
        longer (long, or with a character outside GSM-7, which makes the text UCS-2) is
        shortened with an ellipsis, measured on the whole text as sent."""
        text = self._sms(template, language, context)
        title = context.get("activity_title")
        if segments(text) > MOST_SEGMENTS and isinstance(title, str) and title:

            def words(t: str) -> str:
                return self._sms(template, language, {**context, "activity_title": t})

            text = words(fit_title(words, title))
        if segments(text) > MOST_SEGMENTS:
            # Still over (an organisation's name with a circumflex): the whole text in GSM-7.
            text = gsm7_form(text)
        return text

    def _one(self, template: str, pattern: str, language: str, context: dict[str, Any]) -> str:
        for lang in dict.fromkeys((language, FALLBACK_LANGUAGE)):
            try:
                found = self._env.get_template(f"{template}/{pattern.format(lang)}")
            except TemplateNotFound:
                continue
            # Dates and the page's lang follow the language the words are in.
            text = found.render({**context, "language": lang}).strip()
            return welsh_after_ar(text) if lang == "cy" else text
        raise LookupError(f"no {pattern.format(language)} template for {template!r}")
