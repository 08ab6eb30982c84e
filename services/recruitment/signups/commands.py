"""What callers ask recruitment to do."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.recruitment.participants.domain.model import Profile


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


@dataclass(frozen=True)
class SignUpForActivity:
    preferred_name: str
    phone: str | None
    email: str | None
    preferred_channel: str
    language: str
    consent_version: str | None  # None: the person did not agree
    special_consent: bool = False
    profile: Profile = field(default_factory=Profile)
    code: str | None = None  # the channel's code; None: the activity's own page
    activity_id: str | None = None
    entered_by: str | None = None  # a coordinator, for a phone call or a paper form
    medium: str = "web"  # how the person reached us: "web" (a page) or "sms" (the dialogue)
