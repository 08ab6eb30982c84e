"""Arrangement tasks and venue features in plain words, in the page's language."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from shared.pages.formats import uk_short_date
from shared.pages.language import select_language


def task_words(
    kind: str, count: int, starts_at: datetime, names: list[str], language: str | None = None
) -> str:
    """'Book a BSL interpreter for Tue 8 Dec', 'Print 2 large-print packs'..."""
    if kind == "spoken_interpreter" and language:
        day = uk_short_date(starts_at, select_language())
        return _("Book a %(language)s interpreter for %(day)s", language=language, day=day)
    day = uk_short_date(starts_at, select_language())
    name = ", ".join(names) or _("them")
    words = {
        "bsl_interpreter": lambda: _("Book a BSL interpreter for %(day)s", day=day),
        "spoken_interpreter": lambda: _(
            "Book a spoken language interpreter for %(day)s (ask %(name)s which language)",
            day=day,
            name=name,
        ),
        "large_print": lambda: ngettext(
            "Print %(num)d large-print pack", "Print %(num)d large-print packs", count
        ),
        "easy_read": lambda: ngettext(
            "Print %(num)d easy-read pack", "Print %(num)d easy-read packs", count
        ),
        "captions": lambda: _("Set up captions for %(day)s", day=day),
        "step_free": lambda: _("Confirm step-free entrance"),
        "hearing_loop": lambda: _("Check the hearing loop works on %(day)s", day=day),
        "carer": lambda: _("Keep a seat for %(name)s's carer", name=name),
        "taxi": lambda: _("Arrange a taxi for %(name)s", name=name),
        "data_or_device": lambda: _("Send data or a device to %(name)s", name=name),
    }
    return words[kind]() if kind in words else kind


def venue_problem_words(kind: str) -> str:
    return {
        "step_free": _("The venue has no step-free access. Find a way in, or move the session."),
        "hearing_loop": _("The venue has no hearing loop. Bring a portable one."),
    }.get(kind, _("The venue may not suit this need."))


def venue_gap_words(name: str | None, participant_id: str, need: str, place: str) -> str:
    """'Sam Hill needs step-free access; Central Library has no step-free access recorded.'
    Staff see the person by name (a reference only until recruitment has told us it)."""
    who = name or _("Name not known (reference %(ref)s)", ref=participant_id[:8])
    if need == "hearing_loop":
        return _(
            "%(name)s needs a hearing loop; %(place)s has no hearing loop recorded.",
            name=who,
            place=place,
        )
    return _(
        "%(name)s needs step-free access; %(place)s has no step-free access recorded.",
        name=who,
        place=place,
    )


def state_words(state: str) -> str:
    return {
        "open": _("To do"),
        "done": _("Done"),
        "not_possible": _("Not possible"),
        "not_needed": _("No longer needed: cancel anything booked"),
    }.get(state, state)


def feature_words(code: str) -> str:
    return {
        "step_free": _("Step-free access"),
        "hearing_loop": _("Hearing loop"),
        "accessible_toilet": _("Accessible toilet"),
        "parking": _("Parking"),
        "public_transport": _("Near public transport"),
        "quiet_room": _("Quiet room"),
        "lift": _("Lift"),
    }.get(code, code)


def words() -> dict[str, Any]:
    return {
        "task_words": task_words,
        "venue_problem_words": venue_problem_words,
        "venue_gap_words": venue_gap_words,
        "arrangement_state_words": state_words,
        "feature_words": feature_words,
    }
