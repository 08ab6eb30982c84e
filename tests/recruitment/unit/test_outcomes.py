""" "You said, we did" rules with nothing started: a reason where nothing changed, https links
only, edits only while a draft, published once; who counts as a contributor; the NO UPDATES
words; the coordinator's date boxes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.recruitment.outcomes.domain.contributors import SignUp, contributors
from services.recruitment.outcomes.domain.outcome import Outcome, OutcomeRuleBroken, OutcomeWords
from services.recruitment.outcomes.entrypoints.forms import words_from
from services.recruitment.signups.domain.sms_signup import Updates, parse_updates

NOW = datetime(2026, 12, 4, 11, 0, tzinfo=UTC)
WORDS = OutcomeWords(
    "Letters now use bigger print", "", "changed", "", date(2026, 12, 1), "https://nhs.uk/x"
)


def words(**changes: object) -> OutcomeWords:
    return OutcomeWords(**{**WORDS.__dict__, **changes})  # type: ignore[arg-type]


def broken(made: OutcomeWords) -> str:
    with pytest.raises(OutcomeRuleBroken) as exc:
        Outcome.draft("a1", "org", made, "staff", NOW)
    return exc.value.field


def test_a_reason_is_required_only_where_nothing_changed() -> None:
    assert broken(words(status="not_changed", reason="  ")) == "reason"
    kept = Outcome.draft("a1", "org", words(status="not_changed", reason="The law"), None, NOW)
    assert kept.reason == "The law" and kept.status == "not_changed"
    assert Outcome.draft("a1", "org", words(status="considered"), None, NOW).reason == ""


@pytest.mark.parametrize(
    "link", ["http://nhs.uk/x", "javascript:alert(1)", "ftp://nhs.uk", "https://", "nhs.uk"]
)
def test_a_link_must_be_https(link: str) -> None:
    assert broken(words(link=link)) == "link"


def test_an_empty_link_is_no_link_and_words_are_trimmed() -> None:
    outcome = Outcome.draft("a1", "org", words(link="  ", title="  Bigger print "), None, NOW)
    assert outcome.link is None and outcome.title == "Bigger print"


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"title": ""}, "title"), ({"title": "x" * 121}, "title"), ({"status": "maybe"}, "status")],
)
def test_title_and_status_are_checked(changes: dict[str, object], field: str) -> None:
    assert broken(words(**changes)) == field


def test_published_once_and_not_changed_after() -> None:
    outcome = Outcome.draft("a1", "org", WORDS, "staff", NOW)
    outcome.edit(words(title="Letters are shorter"))
    assert outcome.title == "Letters are shorter" and not outcome.published
    outcome.publish(NOW, told=3)
    assert outcome.published and outcome.told == 3
    with pytest.raises(OutcomeRuleBroken, match="already published"):
        outcome.publish(NOW, told=3)
    with pytest.raises(OutcomeRuleBroken, match="cannot be changed"):
        outcome.edit(words(title="Something else"))
    assert outcome.told == 3 and outcome.title == "Letters are shorter"


def test_contributors_are_those_who_took_part_where_attendance_is_known() -> None:
    sign_ups = [
        SignUp("ann", withdrawn=False, took_part=True),
        SignUp("bea", withdrawn=False, took_part=False),
        SignUp("cal", withdrawn=True, took_part=True),  # withdrew: never told
    ]
    assert contributors(sign_ups) == ["ann"]


def test_without_any_attendance_everyone_still_signed_up_contributed() -> None:
    sign_ups = [
        SignUp("ann", False, False),
        SignUp("bea", True, False),
        SignUp("ann", False, False),
    ]
    assert contributors(sign_ups) == ["ann"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NO UPDATES", Updates("en", wanted=False)),
        ("  no   updates. ", Updates("en", wanted=False)),
        ("Dim diweddariadau", Updates("cy", wanted=False)),
        ("UPDATES", Updates("en", wanted=True)),
        ("diweddariadau!", Updates("cy", wanted=True)),
        ("no updates please", None),
        ("NO", None),
        ("LEAVE", None),
    ],
)
def test_the_updates_words_by_text(text: str, expected: Updates | None) -> None:
    assert parse_updates(text) == expected


def test_the_date_boxes_must_make_a_real_date() -> None:
    base = {
        "title": "Bigger print", "description": "", "status": "changed", "reason": "",
        "link": "", "decided-day": "31", "decided-month": "2", "decided-year": "2026",
    }  # fmt: skip
    with pytest.raises(OutcomeRuleBroken) as exc:
        words_from(base)
    assert exc.value.field == "decided"
    assert words_from({**base, "decided-day": "28"}).decided_on == date(2026, 2, 28)
