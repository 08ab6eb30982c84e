"""What callers ask recruitment to do."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SignUp:
    preferred_name: str
    phone: str | None
    email: str | None
    preferred_channel: str
    language: str
    sign_up_channel: str
    consent_version: str | None  # None: the person did not agree


@dataclass(frozen=True)
class ReceiveText:
    """A text to Chorus (InboundSmsReceived): JOIN <CODE>, a dialogue's answer, or LEAVE."""

    participant_id: str | None  # when notifications knew the number
    from_number: str | None
    text: str


@dataclass(frozen=True)
class ForgetSilentDialogues:
    """Idle work: dialogues nobody answered for a day are deleted with their answers."""
