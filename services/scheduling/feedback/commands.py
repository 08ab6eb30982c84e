"""What the feedback feature is asked to do."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GiveFeedback:
    """Their answers on the web form (both optional, not both empty)."""

    request_id: str
    participant_id: str
    rating: int | None
    words: str | None


@dataclass(frozen=True)
class SetFeedbackAsking:
    """A coordinator turns the request after sessions on or off for one activity."""

    activity_id: str
    ask: bool
