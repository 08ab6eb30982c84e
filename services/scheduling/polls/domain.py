"""Availability polls ("find a time first"): before fixing slots, a coordinator proposes up to 9
numbered times; invited people say which suit them, on the web or by text ("1 3"), and the best
times become a session's slots.

Replies by text are read as strictly as the booking dialogue: only numbers from 1 to 9, apart
with spaces, commas or "and", or the word NONE. "one", "11" or "1." are never guessed.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from services.scheduling.sessions.domain.planning import FORMATS
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID

MAX_OPTIONS = 9  # one digit each, so a text reply is never ambiguous
MAX_TITLE = 120
OPEN, CLOSED = "open", "closed"


class PollRejected(ValueError):
    """The poll breaks a rule; `field` says which answer (e.g. 'options.0.ends_at')."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class PollRefused(Exception):
    """An answer the poll cannot take; `reason` is a code (closed | unknown_option | scheduled)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class OptionPlan:
    starts_at: datetime
    ends_at: datetime


class PollOption:
    def __init__(self, poll_id: str, number: int, starts_at: datetime, ends_at: datetime) -> None:
        self.poll_id = poll_id
        self.number = number
        self.starts_at = starts_at
        self.ends_at = ends_at
        self.session_id: str | None = None  # the session this time became, once it did


class PollAnswer:
    """The option numbers that suit one person; answering again replaces them. An empty list
    means "none of these suit me"."""

    def __init__(
        self, poll_id: str, participant_id: str, choices: list[int], answered_at: datetime, via: str
    ) -> None:
        self.poll_id = poll_id
        self.participant_id = participant_id
        self.choices = choices
        self.answered_at = answered_at
        self.via = via  # web | sms

    def replace(self, choices: list[int], now: datetime, via: str) -> None:
        self.choices = list(choices)  # a new list, so the ORM sees the change
        self.answered_at = now
        self.via = via


class Poll:
    def __init__(
        self,
        id: str,
        activity_id: str,
        title: str,
        format: str,
        location: str | None,
        joining_url: str | None,
        closes_at: datetime,
        created_at: datetime,
        organisation_id: str = FIRST_ORGANISATION_ID,
    ) -> None:
        self.id = id
        self.organisation_id = organisation_id  # whose poll it is: the activity's
        self.activity_id = activity_id
        self.title = title
        self.format = format
        self.location = location
        self.joining_url = joining_url
        self.closes_at = closes_at
        self.created_at = created_at
        self.status = OPEN
        self.closed_at: datetime | None = None
        self.options: list[PollOption] = []

    @classmethod
    def create(
        cls,
        activity_id: str,
        title: str,
        format: str,
        location: str | None,
        joining_url: str | None,
        options: list[OptionPlan],
        closes_at: datetime,
        now: datetime,
        organisation_id: str = FIRST_ORGANISATION_ID,
    ) -> Poll:
        check_poll(title, format, location, joining_url, options, closes_at, now)
        poll = cls(
            str(uuid.uuid4()),
            activity_id,
            title.strip(),
            format,
            location.strip() if location else None,
            joining_url if format != "in_person" else None,
            closes_at,
            now,
            organisation_id,
        )
        ordered = sorted(options, key=lambda o: (o.starts_at, o.ends_at))
        for number, plan in enumerate(ordered, start=1):
            poll.options.append(PollOption(poll.id, number, plan.starts_at, plan.ends_at))
        return poll

    def is_open(self, now: datetime) -> bool:
        return self.status == OPEN and now < self.closes_at

    def close(self, now: datetime) -> None:
        """Closing twice changes nothing."""
        if self.status == CLOSED:
            return
        self.status = CLOSED
        self.closed_at = now

    def option(self, number: int) -> PollOption | None:
        return next((o for o in self.options if o.number == number), None)

    def options_to_schedule(self, numbers: list[int]) -> list[PollOption]:
        """The chosen options, each still free to become a session: a time offered once is
        not offered again by a second click (it would make a second, empty session)."""
        chosen = [self.option(n) for n in dict.fromkeys(numbers)]
        found = [option for option in chosen if option is not None]
        if not found or len(found) != len(chosen):
            raise PollRefused("unknown_option", "Choose from the poll's times.")
        if any(option.session_id for option in found):
            raise PollRefused("scheduled", "That time is already a session.")
        return found

    def check_answer(self, choices: frozenset[int] | set[int], now: datetime) -> list[int]:
        """The choices in order, or PollRefused (closed, or a number that is not an option)."""
        if not self.is_open(now):
            raise PollRefused("closed", "This poll has closed.")
        numbers = {o.number for o in self.options}
        if not set(choices) <= numbers:
            raise PollRefused("unknown_option", "Choose from the times shown.")
        return sorted(choices)

    def answer(
        self,
        participant_id: str,
        choices: frozenset[int] | set[int],
        existing: PollAnswer | None,
        now: datetime,
        via: str,
    ) -> PollAnswer:
        """A new answer, or `existing` (their earlier one) replaced."""
        ordered = self.check_answer(choices, now)
        if existing is not None:
            existing.replace(ordered, now, via)
            return existing
        return PollAnswer(self.id, participant_id, ordered, now, via)


def check_poll(
    title: str,
    format: str,
    location: str | None,
    joining_url: str | None,
    options: list[OptionPlan],
    closes_at: datetime,
    now: datetime,
) -> None:
    if not title.strip():
        raise PollRejected("title", "Enter the activity's title.")
    if len(title.strip()) > MAX_TITLE:
        raise PollRejected("title", f"Keep the title to {MAX_TITLE} characters.")
    if format not in FORMATS:
        raise PollRejected("format", "Choose online, in person or hybrid.")
    if format in ("in_person", "hybrid") and not (location and location.strip()):
        raise PollRejected("location", "Enter the venue's name and address.")
    if format in ("online", "hybrid") and not joining_url:
        raise PollRejected("joining_url", "Enter the link people use to join online.")
    if not 1 <= len(options) <= MAX_OPTIONS:
        raise PollRejected("options", f"Offer between 1 and {MAX_OPTIONS} times.")
    if closes_at.utcoffset() is None:
        raise PollRejected("closes_at", "Give times with a time zone.")
    if closes_at <= now:
        raise PollRejected("closes_at", "Choose a closing time in the future.")
    for index, option in enumerate(options):
        field = f"options.{index}"
        if option.starts_at.utcoffset() is None or option.ends_at.utcoffset() is None:
            raise PollRejected(field, "Give times with a time zone.")
        if option.ends_at <= option.starts_at:
            raise PollRejected(f"{field}.ends_at", "The end must be after the start.")
        if option.starts_at <= now:
            raise PollRejected(f"{field}.starts_at", "Choose a time in the future.")
    if len({(o.starts_at, o.ends_at) for o in options}) != len(options):
        raise PollRejected("options", "Offer each time once.")


# Welsh texts ask for DIM (none); "1 a 3" is Welsh for "1 and 3".
_NONE_WORDS = {"NONE", "NONE OF THEM", "NONE OF THESE", "DIM", "DIM UN", "DIM UN OHONYNT"}
_SEPARATORS = re.compile(r"\s*(?:,|&|\bAND\b|\bA\b|\s)\s*")
_DIGIT = re.compile(r"^[1-9]$")


def read_numbers(text: str) -> frozenset[int] | None:
    """'1 3', '1,3', '1 and 3', '2' -> the numbers; 'none' -> an empty set; anything else
    (words, '11', '0', '1.', emoji, nothing) -> None: never a guess."""
    words = " ".join(text.upper().split())
    if words in _NONE_WORDS:
        return frozenset()
    if not words:
        return None
    parts = [part for part in _SEPARATORS.split(words) if part]
    if not parts or not all(_DIGIT.match(part) for part in parts):
        return None
    return frozenset(int(part) for part in parts)


def words_for(choices: list[int]) -> str:
    """[1, 3] -> '1 and 3'; [1, 2, 3] -> '1, 2 and 3'; [] -> ''."""
    numbers = [str(n) for n in choices]
    if len(numbers) <= 1:
        return "".join(numbers)
    return ", ".join(numbers[:-1]) + " and " + numbers[-1]
