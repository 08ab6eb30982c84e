"""Feedback after a session: when to ask, what a texted reply means, and the summary.

One request per attended booking. By text the questions go one at a time: a rating (1 to 5),
then, optionally, a few words. A reply that is not 1 to 5 gets one plain "reply with a number"
and, if the next still is not one, is kept as their words: we never ask a third time.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
RATINGS = (1, 2, 3, 4, 5)
MAX_WORDS = 2000  # characters kept of their words
OPEN_FOR = timedelta(days=7)  # a texted reply after this is not taken as feedback
TOO_OLD = timedelta(days=7)  # sessions that ended longer ago than this are not asked about
# A sensible hour to ask: between these, UK time (the dispatcher's quiet hours are 21:00 to
# 08:00; asking ourselves at a kind hour also makes "the last question asked" true to the send).
FIRST_ASK, LAST_ASK = time(9, 0), time(20, 0)
Hours = tuple[time, time] | None  # from, until (UK time); None: any hour
SENSIBLE_HOURS: Hours = (FIRST_ASK, LAST_ASK)


def parse_hours(text: str) -> Hours:
    """'09:00-20:00' -> (9am, 8pm); 'any' -> None (every hour: the test suites)."""
    if text.strip().lower() == "any":
        return None
    try:
        first, last = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError as exc:
        raise ValueError(f"feedback hours look like '09:00-20:00' or 'any', not {text!r}") from exc
    if not first < last:
        raise ValueError(f"feedback hours must start before they end, not {text!r}")
    return first, last


# The request's states, by text: each says what a reply now means.
AWAITING_RATING, RETRIED, AWAITING_WORDS, DONE = "rating", "retried", "words", "done"
# Not to be asked: they left the session's organisation before we asked (or while we waited).
SKIPPED = "skipped"
# What we ask or say next (FeedbackRequested.step); notifications words each.
ASK, RATING_AGAIN, WORDS, THANKS = "ask", "rating_again", "words", "thanks"

_RATING = re.compile(r"^([1-5])[.!]?$")


def read_rating(text: str) -> int | None:
    """'4', ' 4 ', '4.' -> 4; anything else (0, 6, 'four', '4 stars', '45') -> None."""
    match = _RATING.match(text.strip())
    return int(match.group(1)) if match else None


def sensible_time(at: datetime, hours: Hours = SENSIBLE_HOURS) -> datetime:
    """`at`, or the next time within `hours` (9am to 8pm UK time) after it, right across
    clock changes."""
    if hours is None:
        return at
    first, last = hours
    local = at.astimezone(LONDON)
    if local.time() < first:
        return datetime.combine(local.date(), first, LONDON)
    if local.time() >= last:
        return datetime.combine(local.date() + timedelta(days=1), first, LONDON)
    return at


def asked_last(asked_at: datetime, other_questions: Iterable[datetime | None]) -> bool:
    """True when our question is the newest one Chorus asked them: then a reply (a bare number
    too) is about the feedback, not a booking offer or a poll asked before it."""
    return all(other is None or other < asked_at for other in other_questions)


class FeedbackRefused(ValueError):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason  # "rating" | "empty" | "too_long" | "closed"


@dataclass
class FeedbackRequest:
    booking_id: str
    participant_id: str
    session_id: str
    activity_id: str
    asked_at: datetime  # when we last asked them something (our latest question)
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    state: str = AWAITING_RATING
    rating: int | None = None
    words: str | None = None
    answered_at: datetime | None = None
    via: str | None = None  # sms | web

    def awaits_text(self, now: datetime) -> bool:
        return self.state not in (DONE, SKIPPED) and now < self.asked_at + OPEN_FOR

    def reply(self, text: str, now: datetime) -> str | None:
        """A text from them while we await one: what to say next (a step), or None."""
        rating = read_rating(text) if self.state in (AWAITING_RATING, RETRIED) else None
        if rating is not None:
            self._answer(rating, self.words, "sms", now)
            self.state, self.asked_at = AWAITING_WORDS, now
            return WORDS
        if self.state == AWAITING_RATING:
            self.state = RETRIED
            self.asked_at = now
            return RATING_AGAIN
        # a second reply that is not a number, or the words we asked for
        self._answer(self.rating, _clean(text)[:MAX_WORDS] or None, "sms", now)
        self.state = DONE
        return THANKS

    def answer_on_web(self, rating: int | None, words: str | None, now: datetime) -> None:
        """Both answers are optional, but not both empty; answering again replaces them."""
        words = (words or "").strip() or None
        if rating is not None and rating not in RATINGS:
            raise FeedbackRefused("rating", "Choose a number from 1 to 5.")
        if rating is None and words is None:
            raise FeedbackRefused("empty", "Choose a number or write a few words.")
        if words is not None and len(words) > MAX_WORDS:
            raise FeedbackRefused("too_long", f"Write {MAX_WORDS} characters or fewer.")
        self._answer(rating, words, "web", now)
        self.state = DONE

    def _answer(self, rating: int | None, words: str | None, via: str, now: datetime) -> None:
        self.rating, self.words, self.via, self.answered_at = rating, words, via, now


def _clean(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Summary:
    """What a coordinator sees of a session's or an activity's feedback: no names."""

    counts: dict[int, int]  # rating -> how many gave it
    words: list[str]
    asked: int

    @property
    def answers(self) -> int:
        return sum(self.counts.values())

    @property
    def average(self) -> float | None:
        total = sum(rating * n for rating, n in self.counts.items())
        return round(total / self.answers, 1) if self.answers else None


def summarise(rows: Iterable[tuple[int | None, str | None]], asked: int) -> Summary:
    counts = dict.fromkeys(RATINGS, 0)
    words: list[str] = []
    for rating, said in rows:
        if rating is not None:
            counts[rating] += 1
        if said:
            words.append(said)
    return Summary(counts, words, asked)
