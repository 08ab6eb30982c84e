"""Availability polls in the domain: the rules for a poll, answers that replace each other, and
reading a text's option numbers strictly (never a guess)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.notifications.messages.entrypoints import bookings
from services.scheduling.polls.domain import (
    CLOSED,
    MAX_OPTIONS,
    OptionPlan,
    Poll,
    PollRefused,
    PollRejected,
    read_numbers,
    words_for,
)
from tests.notifications import fakes as dispatcher_tests

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
PERSON = "3f0c9a52-6b1e-4d27-8a94-7c2e5b1d0f68"


def option(days: int, hours: int = 1) -> OptionPlan:
    starts = NOW + timedelta(days=days)
    return OptionPlan(starts, starts + timedelta(hours=hours))


def poll(*options: OptionPlan, **changes: object) -> Poll:
    fields: dict[str, object] = {
        "activity_id": "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a",
        "title": " Making GP appointments easier ",
        "format": "in_person",
        "location": "Central Library, Leeds",
        "joining_url": None,
        "options": list(options) or [option(3), option(1), option(2)],
        "closes_at": NOW + timedelta(hours=12),
        "now": NOW,
    }
    fields.update(changes)
    return Poll.create(**fields)  # type: ignore[arg-type]


def test_options_are_numbered_in_time_order_and_the_poll_starts_open() -> None:
    made = poll()
    assert [o.number for o in made.options] == [1, 2, 3]
    assert [o.starts_at for o in made.options] == sorted(o.starts_at for o in made.options)
    assert made.title == "Making GP appointments easier" and made.is_open(NOW)
    assert not made.is_open(NOW + timedelta(hours=12))  # closes by itself at closes_at


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"format": "phone"}, "format"),
        ({"location": None}, "location"),
        ({"format": "online", "location": None}, "joining_url"),
        ({"options": []}, "options"),
        ({"options": [option(n + 1) for n in range(MAX_OPTIONS + 1)]}, "options"),
        ({"options": [option(1), option(1)]}, "options"),
        ({"options": [option(-1)]}, "options.0.starts_at"),
        (
            {"options": [OptionPlan(NOW + timedelta(days=1), NOW + timedelta(days=1))]},
            "options.0.ends_at",
        ),
        (
            {"options": [OptionPlan(datetime(2026, 12, 1, 10), datetime(2026, 12, 1, 11))]},
            "options.0",
        ),
        ({"closes_at": NOW}, "closes_at"),
        ({"closes_at": datetime(2026, 12, 1, 10)}, "closes_at"),
    ],
)
def test_a_poll_that_breaks_a_rule_is_rejected(changes: dict[str, object], field: str) -> None:
    with pytest.raises(PollRejected) as rejected:
        poll(**changes)
    assert rejected.value.field == field


def test_nine_options_are_allowed_and_online_keeps_its_link() -> None:
    made = poll(
        *[option(n + 1) for n in range(MAX_OPTIONS)],
        format="online",
        location=None,
        joining_url="https://meet.example/abc",
    )
    assert len(made.options) == 9 and made.joining_url == "https://meet.example/abc"


def test_answering_again_replaces_the_answer_and_none_suit_is_an_empty_answer() -> None:
    made = poll()
    first = made.answer(PERSON, {3, 1}, None, NOW, "sms")
    assert first.choices == [1, 3] and first.via == "sms"
    later = NOW + timedelta(minutes=5)
    again = made.answer(PERSON, set(), first, later, "web")
    assert again is first and again.choices == [] and again.answered_at == later
    assert again.via == "web"


def test_an_answer_outside_the_options_or_after_closing_is_refused_and_changes_nothing() -> None:
    made = poll()
    earlier = made.answer(PERSON, {2}, None, NOW, "web")
    with pytest.raises(PollRefused) as refused:
        made.answer(PERSON, {2, 4}, earlier, NOW, "sms")
    assert refused.value.reason == "unknown_option" and earlier.choices == [2]
    made.close(NOW)
    made.close(NOW + timedelta(hours=1))  # twice: nothing more
    assert made.status == CLOSED and made.closed_at == NOW
    with pytest.raises(PollRefused) as refused:
        made.answer(PERSON, {1}, earlier, NOW, "sms")
    assert refused.value.reason == "closed" and earlier.choices == [2]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("1 3", {1, 3}),
        ("1,3", {1, 3}),
        ("1, 3", {1, 3}),
        ("1 and 3", {1, 3}),
        ("1 AND 3 and 5", {1, 3, 5}),
        ("1 & 2", {1, 2}),
        (" 2 ", {2}),
        ("2", {2}),
        ("3 3", {3}),
        ("none", set()),
        ("None", set()),
        ("NONE OF THESE", set()),
    ],
)
def test_option_numbers_are_read_from_a_text(text: str, numbers: set[int]) -> None:
    assert read_numbers(text) == frozenset(numbers)


@pytest.mark.parametrize(
    "text",
    ["one", "11", "0", "1.", "1 3 maybe", "\U0001f44d", "", "   ", "and", "1-3", "10", "#2", "no"],
)
def test_anything_else_is_not_guessed(text: str) -> None:
    assert read_numbers(text) is None


def test_numbers_in_words() -> None:
    assert words_for([1, 3]) == "1 and 3"
    assert words_for([1, 2, 3]) == "1, 2 and 3"
    assert words_for([2]) == "2" and words_for([]) == ""


# Notifications' words for polls (the dispatcher's fakes from test_dispatcher.py).


def poll_invited(options: int = 2) -> dict[str, object]:
    return {
        "poll_id": "0c1d2e3f-4a5b-4c6d-8e7f-8a9b0c1d2e3f",
        "participant_id": dispatcher_tests.PARTICIPANT_ID,
        "activity_id": "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a",
        "title": "Making GP appointments easier",
        "format": "in_person",
        "location": "Central Library, Leeds",
        "options": [
            {
                "choice": n + 1,
                "starts_at": datetime(2026, 12, 2 + n, 10, 30, tzinfo=UTC),
                "ends_at": datetime(2026, 12, 2 + n, 12, 0, tzinfo=UTC),
            }
            for n in range(options)
        ],
        "closes_at": datetime(2026, 11, 30, 17, 0, tzinfo=UTC),
    }


URL = "https://chorus.test/book/polls/0c1d2e3f-4a5b-4c6d-8e7f-8a9b0c1d2e3f"


def test_a_poll_invitation_lists_the_numbered_times_and_how_to_answer() -> None:
    world = dispatcher_tests.make_world()
    dispatcher_tests.add_contact(world)  # prefers SMS
    uow = dispatcher_tests.FakeUnitOfWork(world.store)
    dispatcher_tests.owe(bookings.invite_to_poll(poll_invited(), URL, "cause-poll"), uow)
    world.dispatcher.tick()
    [sent] = world.sms.sent
    assert sent.body == (
        'Chorus: when could you come to "Making GP appointments easier"? '
        "1: Wed 2 Dec, 10:30am, 2: Thu 3 Dec, 10:30am. "
        f"Reply with the numbers that suit you, e.g. 1 3, or NONE. Or see {URL}"
    )


def test_a_poll_invitation_by_email_lists_every_time() -> None:
    world = dispatcher_tests.make_world()
    dispatcher_tests.add_contact(world, preferred_channel="email")
    uow = dispatcher_tests.FakeUnitOfWork(world.store)
    dispatcher_tests.owe(bookings.invite_to_poll(poll_invited(5), URL, "cause-poll"), uow)
    world.dispatcher.tick()
    [sent] = world.email.sent
    assert "5: Sunday 6 December, 10:30am" in sent.body
    poll_id = poll_invited(5)["poll_id"]
    assert f"?next=/book/polls/{poll_id}" in sent.body  # a link minted for this message
    assert "e.g. 1 3" in sent.body


@pytest.mark.parametrize(
    ("choices", "words"),
    [
        ([1, 3], "Thanks. We have noted 1 and 3."),
        ([2], "Thanks. We have noted 2."),
        ([], "Thanks. We have noted that none of the times suit you."),
    ],
)
def test_an_answer_by_text_is_acknowledged_by_text(choices: list[int], words: str) -> None:
    world = dispatcher_tests.make_world()
    dispatcher_tests.add_contact(world, preferred_channel="email")
    uow = dispatcher_tests.FakeUnitOfWork(world.store)
    data = {**poll_invited(), "choices": choices, "via": "sms"}
    dispatcher_tests.owe(bookings.acknowledge_poll_answer(data, "cause-answer"), uow)
    world.dispatcher.tick()
    [sent] = world.sms.sent
    assert sent.body == f"{words} We will tell you when the times are fixed."


def test_an_answer_on_the_web_needs_no_message() -> None:
    world = dispatcher_tests.make_world()
    dispatcher_tests.add_contact(world)
    uow = dispatcher_tests.FakeUnitOfWork(world.store)
    dispatcher_tests.owe(
        bookings.acknowledge_poll_answer({**poll_invited(), "choices": [1], "via": "web"}, "c"), uow
    )
    world.dispatcher.tick()
    assert world.sms.sent == [] and world.email.sent == []
