"""Feedback rules with nothing started: reading a rating, the one retry, the words, the web
form's answers, a sensible hour to ask, which question a reply answers, and the summary."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from services.scheduling.feedback import domain
from services.scheduling.feedback.domain import FeedbackRefused, FeedbackRequest

NOW = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)


def request(asked_at: datetime = NOW) -> FeedbackRequest:
    return FeedbackRequest("booking-1", "person-1", "session-1", "activity-1", asked_at)


@pytest.mark.parametrize(("text", "rating"), [("4", 4), (" 5 ", 5), ("1.", 1), ("3!", 3)])
def test_a_number_from_1_to_5_is_a_rating(text: str, rating: int) -> None:
    assert domain.read_rating(text) == rating


@pytest.mark.parametrize("text", ["0", "6", "45", "four", "4 stars", "", "-1", "4/5"])
def test_anything_else_is_not_a_rating(text: str) -> None:
    assert domain.read_rating(text) is None


def test_a_rating_then_words() -> None:
    asked = request()
    later = NOW + timedelta(minutes=5)
    assert asked.reply("4", later) == domain.WORDS
    assert (asked.rating, asked.state, asked.asked_at) == (4, domain.AWAITING_WORDS, later)
    assert asked.reply("  The room was  too warm ", later) == domain.THANKS
    assert (asked.rating, asked.words, asked.state, asked.via) == (
        4, "The room was too warm", domain.DONE, "sms",
    )  # fmt: skip


def test_a_number_after_the_rating_is_kept_as_words() -> None:
    asked = request()
    asked.reply("5", NOW)
    assert asked.reply("2", NOW) == domain.THANKS
    assert (asked.rating, asked.words) == (5, "2")


def test_not_a_number_is_asked_again_once_then_kept_as_words() -> None:
    asked = request()
    assert asked.reply("It was great", NOW) == domain.RATING_AGAIN
    assert asked.state == domain.RETRIED and asked.rating is None
    assert asked.reply("Really great", NOW) == domain.THANKS
    assert (asked.rating, asked.words, asked.state) == (None, "Really great", domain.DONE)


def test_a_number_after_the_retry_is_the_rating() -> None:
    asked = request()
    asked.reply("good", NOW)
    assert asked.reply("4", NOW) == domain.WORDS
    assert asked.rating == 4 and asked.words is None


def test_texts_are_awaited_for_a_week_and_not_after_the_answer() -> None:
    asked = request()
    assert asked.awaits_text(NOW + timedelta(days=6))
    assert not asked.awaits_text(NOW + domain.OPEN_FOR)
    asked.reply("4", NOW)
    asked.reply("fine", NOW)
    assert not asked.awaits_text(NOW)


def test_the_web_form_takes_either_answer_and_replaces_them() -> None:
    asked = request()
    asked.answer_on_web(3, None, NOW)
    assert (asked.rating, asked.words, asked.state, asked.via) == (3, None, domain.DONE, "web")
    asked.answer_on_web(None, "  More breaks, please\nand water  ", NOW)
    assert (asked.rating, asked.words) == (None, "More breaks, please\nand water")


@pytest.mark.parametrize(
    ("rating", "words", "reason"),
    [(None, None, "empty"), (None, "   ", "empty"), (6, None, "rating"), (0, "x", "rating"),
     (4, "x" * (domain.MAX_WORDS + 1), "too_long")],
)  # fmt: skip
def test_the_web_form_refuses(rating: int | None, words: str | None, reason: str) -> None:
    with pytest.raises(FeedbackRefused) as refused:
        request().answer_on_web(rating, words, NOW)
    assert refused.value.reason == reason


@pytest.mark.parametrize(
    ("at", "asked"),
    [
        # UK time: 2pm stays; 10pm waits for 9am the next day; 6am waits for 9am that day
        (datetime(2026, 12, 3, 14, 0, tzinfo=UTC), datetime(2026, 12, 3, 14, 0, tzinfo=UTC)),
        (datetime(2026, 12, 3, 22, 0, tzinfo=UTC), datetime(2026, 12, 4, 9, 0, tzinfo=UTC)),
        (datetime(2026, 12, 3, 6, 0, tzinfo=UTC), datetime(2026, 12, 3, 9, 0, tzinfo=UTC)),
        # summer time: 7:30pm UTC is 8:30pm in London, so 9am BST (8am UTC) the next day
        (datetime(2026, 7, 1, 19, 30, tzinfo=UTC), datetime(2026, 7, 2, 8, 0, tzinfo=UTC)),
    ],
)
def test_people_are_asked_at_a_sensible_hour(at: datetime, asked: datetime) -> None:
    assert domain.sensible_time(at) == asked


def test_the_hours_to_ask_are_a_setting() -> None:
    assert domain.parse_hours("10:00-19:30") == (time(10, 0), time(19, 30))
    assert domain.parse_hours("any") is None
    late = datetime(2026, 12, 3, 23, 0, tzinfo=UTC)
    assert domain.sensible_time(late, None) == late
    for wrong in ("20:00-09:00", "nine to five", "09:00"):
        with pytest.raises(ValueError, match="feedback hours"):
            domain.parse_hours(wrong)


def test_the_newest_question_decides_what_a_reply_means() -> None:
    hour = timedelta(hours=1)
    assert domain.asked_last(NOW, [None, NOW - hour])  # feedback after the offer
    assert not domain.asked_last(NOW, [NOW + hour])  # an offer (BOOK) after the feedback
    assert not domain.asked_last(NOW, [None, NOW + hour])  # a poll after it
    assert domain.asked_last(NOW, [])


def test_the_summary_counts_each_rating_averages_and_keeps_the_words() -> None:
    summary = domain.summarise([(4, None), (5, "Lovely"), (4, "Too short"), (None, "Ok")], 6)
    assert summary.counts == {1: 0, 2: 0, 3: 0, 4: 2, 5: 1}
    assert (summary.answers, summary.average, summary.asked) == (3, 4.3, 6)
    assert summary.words == ["Lovely", "Too short", "Ok"]
    assert domain.summarise([], 2).average is None
