"""Feedback after a session as messages: the question goes by the person's own channel with
the form's link (an email carries it; a text asks for the number), the texted dialogue's
replies go by text at once, and each step's words, in English and Welsh, fit in 2 segments."""

from __future__ import annotations

import pytest

from services.notifications.domain.sms import segments
from services.notifications.messages.adapters.templates import SAMPLE_DATA, FileTemplates
from services.notifications.messages.entrypoints.bookings import ask_for_feedback

DATA = {
    "request_id": "7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f",
    "participant_id": "3f0c9a52-6b1e-4d27-8a94-7c2e5b1d0f68",
    "activity_id": "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a",
    "activity_title": "Shaping the diabetes clinic",
}


def test_the_question_goes_by_their_channel_with_the_forms_link() -> None:
    owed = ask_for_feedback({**DATA, "step": "ask"}, "cause")
    assert owed.template == "feedback_request" and owed.channel is None
    assert owed.action == ("book", f"/book/feedback/{DATA['request_id']}")
    assert not owed.asked_for  # unasked for: a text waits for the morning like any other


@pytest.mark.parametrize("step", ["rating_again", "words", "thanks"])
def test_the_dialogues_replies_go_by_text_at_once(step: str) -> None:
    owed = ask_for_feedback({**DATA, "step": step}, "cause")
    assert (owed.template, owed.channel, owed.asked_for) == ("feedback_reply", "sms", True)
    assert owed.details["step"] == step


WORDS = {
    ("feedback_request", "ask", "en"): 'How was "Making GP appointments work for shift workers"? '
    "Reply 1 to 5 (5 is best).",
    ("feedback_request", "ask", "cy"): 'Sut oedd "Making GP appointments work for shift '
    "workers\"? Atebwch 1 i 5 (5 yw'r gorau).",
    ("feedback_reply", "rating_again", "en"): "Please reply with a number from 1 to 5 (5 is best).",
    ("feedback_reply", "rating_again", "cy"): "Atebwch gyda rhif o 1 i 5 (5 yw'r gorau), os "
    "gwelwch yn dda.",
    ("feedback_reply", "words", "en"): "Thank you. Reply with a few words if you want to say more.",
    ("feedback_reply", "words", "cy"): "Diolch. Atebwch gydag ychydig eiriau os hoffech ddweud "
    "mwy.",
    ("feedback_reply", "thanks", "en"): "Thank you for telling us how it went.",
    ("feedback_reply", "thanks", "cy"): "Diolch am ddweud wrthym sut aeth hi.",
}


@pytest.mark.parametrize(("template", "step", "language"), list(WORDS))
def test_each_text_in_english_and_welsh(template: str, step: str, language: str) -> None:
    context = {**SAMPLE_DATA, "step": step}
    text = FileTemplates().render(template, "sms", language, context).body.strip()
    assert text == f"{SAMPLE_DATA['organisation']}: {WORDS[(template, step, language)]}"
    assert segments(text) <= 2


def test_the_email_links_to_the_form_in_welsh_too() -> None:
    context = {**SAMPLE_DATA, "action_url": "https://chorus.example/join/link/book/x"}
    welsh = FileTemplates().render("feedback_request", "email", "cy", context)
    assert welsh.subject.startswith("Sut oedd") and 'lang="cy"' in welsh.html
    assert 'href="https://chorus.example/join/link/book/x"' in welsh.html
    assert "https://chorus.example/join/link/book/x" in welsh.body
