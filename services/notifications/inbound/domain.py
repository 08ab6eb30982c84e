"""Texts people send us: opt-out and opt-in keywords, HELP, and everything else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# As Twilio and UK carriers treat them: the whole message is the one word, any case.
STOP_WORDS = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
)
START_WORDS = frozenset({"START", "YES", "UNSTOP"})
HELP_WORDS = frozenset({"HELP", "INFO"})


def keyword(body: str) -> str | None:
    """'stop' or ' Stop. ' -> 'stop'-class keyword; 'stop sending me texts' is not a keyword."""
    word = body.strip().rstrip(".!").upper()
    if word in STOP_WORDS:
        return "stop"
    if word in START_WORDS:
        return "start"
    if word in HELP_WORDS:
        return "help"
    return None


@dataclass(frozen=True)
class SmsOptedOut:
    participant_id: str
    at: datetime
    organisation_id: str | None = None  # whose sender they stopped; None: the deployment's


@dataclass(frozen=True)
class SmsOptedIn:
    participant_id: str
    at: datetime
    organisation_id: str | None = None


@dataclass(frozen=True)
class InboundSmsReceived:
    message_sid: str
    participant_id: str | None
    from_number: str | None  # only when we do not know who it is (e.g. "JOIN AB12")
    text: str
    received_at: datetime
    # Whose number they texted (a reply goes to that organisation's dialogue); None: the
    # deployment's own number.
    organisation_id: str | None = None
