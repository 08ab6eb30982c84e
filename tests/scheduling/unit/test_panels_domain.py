"""Panels' plain rules: the monthly series in UK time, terms, who is asked, the words."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from services.scheduling.panels.domain import (
    DECLINED,
    JOINED,
    LEFT,
    NO,
    YES,
    Meeting,
    Membership,
    PanelRefused,
    Series,
    Term,
    next_to_ask,
    understand,
)

NOW = datetime(2027, 8, 1, 9, 0, tzinfo=UTC)


def test_second_tuesday_at_6pm_keeps_uk_time_across_the_october_clock_change() -> None:
    series = Series(2, 1, time(18, 0), 120, date(2027, 9, 1), 3)
    assert series.starts() == [
        datetime(2027, 9, 14, 17, 0, tzinfo=UTC),
        datetime(2027, 10, 12, 17, 0, tzinfo=UTC),
        datetime(2027, 11, 9, 18, 0, tzinfo=UTC),
    ]
    assert series.times()[2][1] == datetime(2027, 11, 9, 20, 0, tzinfo=UTC)


def test_last_friday_and_march_change() -> None:
    series = Series(-1, 4, time(10, 30), 60, date(2028, 2, 1), 3)
    assert series.starts() == [
        datetime(2028, 2, 25, 10, 30, tzinfo=UTC),
        datetime(2028, 3, 31, 9, 30, tzinfo=UTC),  # BST began on 26 March
        datetime(2028, 4, 28, 9, 30, tzinfo=UTC),
    ]


def test_a_time_skipped_by_the_clocks_is_refused() -> None:
    # The last Sunday of March 2028 is 26 March, when 1:30am does not exist.
    with pytest.raises(PanelRefused):
        Series(-1, 6, time(1, 30), 60, date(2028, 3, 1), 1).starts()


@pytest.mark.parametrize(
    ("ordinal", "weekday", "minutes", "count"),
    [(5, 1, 60, 1), (2, 7, 60, 1), (2, 1, 5, 1), (2, 1, 60, 0), (2, 1, 60, 25)],
)
def test_series_rules(ordinal: int, weekday: int, minutes: int, count: int) -> None:
    with pytest.raises(PanelRefused):
        Series(ordinal, weekday, time(18), minutes, date(2027, 9, 1), count)


def test_term_covers_by_uk_date_and_says_when_it_ends_soon() -> None:
    term = Term(date(2027, 9, 1), date(2027, 10, 12))
    assert term.covers(datetime(2027, 10, 12, 22, 30, tzinfo=UTC)) is True  # 11:30pm BST
    assert term.covers(datetime(2027, 10, 12, 23, 30, tzinfo=UTC)) is False  # 13 Oct in UK
    assert term.covers(datetime(2027, 8, 31, 23, 30, tzinfo=UTC)) is True  # 1 Sep, 00:30 BST
    assert term.ends_soon(date(2027, 9, 12)) is True
    assert term.ends_soon(date(2027, 9, 11)) is False
    assert term.ends_soon(date(2027, 10, 13)) is False
    with pytest.raises(PanelRefused):
        Term(date(2027, 9, 2), date(2027, 9, 1))
    with pytest.raises(PanelRefused):
        Term(date(2027, 9, 1), date(2031, 9, 1))


def _member(pid: str, starts: date, ends: date) -> Membership:
    return Membership("act", pid, Term(starts, ends), NOW)


def test_who_is_asked_to_which_meeting() -> None:
    whole = _member("whole", date(2027, 9, 1), date(2028, 8, 31))
    late = _member("late", date(2027, 10, 13), date(2028, 8, 31))
    early = _member("early", date(2027, 9, 1), date(2027, 10, 12))
    invited = _member("invited", date(2027, 9, 1), date(2028, 8, 31))
    gone = _member("gone", date(2027, 9, 1), date(2028, 8, 31))
    for member in (whole, late, early, gone):
        member.join(NOW, "sms")
    gone.leave(NOW, "web")
    members = [whole, late, early, invited, gone]
    starts = Series(2, 1, time(18), 120, date(2027, 9, 1), 3).starts()
    asked = [[m.participant_id for m in members if m.asked_to(s)] for s in starts]
    assert asked == [
        ["whole", "early"],
        ["whole", "early"],
        ["whole", "late"],
    ]


def test_answers_and_leaving() -> None:
    member = _member("p", date(2027, 9, 1), date(2028, 8, 31))
    assert member.join(NOW, "sms") is True
    assert member.join(NOW, "web") is False  # a second yes is nothing
    with pytest.raises(PanelRefused):
        member.decline(NOW, "sms")
    assert member.leave(NOW, "sms") is True and member.status == LEFT
    assert member.leave(NOW, "sms") is False
    other = _member("q", date(2027, 9, 1), date(2028, 8, 31))
    assert other.decline(NOW, "web") is True and other.status == DECLINED
    with pytest.raises(PanelRefused):
        other.join(NOW, "web")
    assert JOINED != DECLINED


@pytest.mark.parametrize(
    ("text", "meaning"),
    [
        ("y", YES), (" Y. ", YES), ("ie", YES), ("IE!", YES), ("yes", YES),
        ("n", NO), ("No", NO), ("na", NO), ("NAGE", NO),
        ("leave panel", LEFT), ("GADAEL PANEL.", LEFT), ("Leave  Panel", LEFT),
        ("leave", None), ("leave ab12", None), ("1", None), ("yes please", None), ("", None),
    ],
)  # fmt: skip
def test_words(text: str, meaning: str | None) -> None:
    assert understand(text) == meaning


def test_recruitment_leaves_leave_panel_to_scheduling() -> None:
    from services.recruitment.signups.domain.sms_signup import parse_leave

    assert parse_leave("LEAVE PANEL") is None
    assert parse_leave("gadael panel.") is None
    assert parse_leave("LEAVE AB12") is not None


def test_a_member_is_asked_one_meeting_at_a_time_as_each_comes_near() -> None:
    member = _member("ana", date(2027, 9, 1), date(2028, 8, 31))
    member.join(NOW, "sms")
    times = Series(2, 1, time(18), 120, date(2027, 9, 1), 12).times()
    meetings = [Meeting(f"s{i}", "act", f"t{i}", a, b, 20) for i, (a, b) in enumerate(times)]
    first = meetings[0].starts_at  # 14 September 2027

    assert next_to_ask(member, meetings, {}, first - timedelta(days=36)) is None  # not near yet
    assert next_to_ask(member, meetings, {}, first - timedelta(days=35)) == meetings[0]
    asked = {"s0": {"ana": None}}
    assert next_to_ask(member, meetings, asked, first - timedelta(days=3)) is None  # open
    answered = {"s0": {"ana": "no"}}
    soon_after = first - timedelta(days=3)  # the next is 4 weeks on: within the 35 days
    assert next_to_ask(member, meetings, answered, soon_after) == meetings[1]
    # An unanswered question about a meeting that has begun is no longer open.
    assert next_to_ask(member, meetings, asked, first + timedelta(hours=1)) == meetings[1]
    member.leave(NOW, "sms")
    assert next_to_ask(member, meetings, answered, soon_after) is None  # not a member
