"""Staff see a message in a contributor's history in plain words, never a template's code
name: every message notifications can send has words here."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask_babel import Babel

from services.recruitment.history.entrypoints import MESSAGE_WORDS, _template

TEMPLATES = Path(__file__).resolve().parents[3] / "services" / "notifications" / "templates"
SENT = sorted(p.name for p in TEMPLATES.iterdir() if p.is_dir() and not p.name.startswith("_"))


@pytest.mark.parametrize("template", SENT)
def test_every_message_has_plain_words_in_the_history(template: str) -> None:
    app = Flask(__name__)
    Babel(app)
    with app.app_context():
        words = _template(template)
    assert template in MESSAGE_WORDS, f"{template} has no words of its own"
    assert words and "_" not in words


def test_the_list_of_messages_is_not_empty() -> None:
    assert {"welcome", "panel_meeting", "sms_sign_up"} <= set(SENT)
