"""Every keyword of the SMS dialogues has a Welsh twin that does exactly what the English does
(a Welsh speaker texting ARCHEBU was told there were no times although BOOK listed one)."""

from __future__ import annotations

import pytest

from services.scheduling.polls.domain import read_numbers
from services.scheduling.sms_dialogue import domain as dialogue

PAIRS = [
    ("BOOK", "ARCHEBU"),
    ("CANCEL BOOKING", "CANSLO ARCHEB"),
    ("CHANGE", "NEWID"),
    ("TAKE", "CYMRYD"),
]


@pytest.mark.parametrize(("english", "welsh"), PAIRS)
def test_each_welsh_word_means_what_its_english_word_means(english: str, welsh: str) -> None:
    assert dialogue.understand(english).kind != dialogue.UNCLEAR
    assert dialogue.understand(welsh) == dialogue.understand(english)
    assert dialogue.understand(f"  {welsh.lower()} ") == dialogue.understand(english)


def test_a_poll_takes_dim_for_none_and_a_for_and() -> None:
    assert read_numbers("dim") == read_numbers("NONE") == frozenset()
    assert read_numbers("1 a 3") == read_numbers("1 and 3") == frozenset({1, 3})
