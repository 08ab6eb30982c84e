"""What the SMS booking dialogue is asked to do, built from the events it consumes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AnswerText:
    participant_id: str | None  # None: a number recruitment does not know
    text: str
    # Whose number they texted: the reply belongs to that organisation's dialogue (None: the
    # deployment's number, so their latest dialogue, whoever's it is).
    organisation_id: str | None = None


@dataclass(frozen=True)
class RecordInvitation:
    participant_id: str
    activity_id: str
