"""Texts that are recruitment's to answer (JOIN, LEAVE, and "you said, we did" NO UPDATES /
UPDATES, in English and Welsh) are left alone by scheduling's SMS dialogue, so a person gets one
answer, not a "reply BOOK" as well."""

from __future__ import annotations

import pytest

from services.scheduling.sms_dialogue.service_layer import _JOIN as RECRUITMENTS


@pytest.mark.parametrize(
    "text",
    ["JOIN AB12", "ymuno ab12", "LEAVE", "gadael AB12", "NO UPDATES", " no  updates. ",
     "Dim diweddariadau", "UPDATES", "diweddariadau"],
)  # fmt: skip
def test_recruitment_keywords_are_left_to_recruitment(text: str) -> None:
    assert RECRUITMENTS.match(text)


@pytest.mark.parametrize(
    "text", ["NO", "1", "BOOK", "no thanks", "CANCEL BOOKING", "no updates 2", "updates please"]
)
def test_booking_replies_are_still_scheduling_s(text: str) -> None:
    assert not RECRUITMENTS.match(text)
