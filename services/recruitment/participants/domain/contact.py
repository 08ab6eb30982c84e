"""What a participant tells us: how to reach them, their consent and their profile, and the
rules their contact details must keep."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

MAX_NAME_LENGTH = 100


class SignUpRejected(ValueError):
    """The sign-up breaks a rule; the message is safe to show to the person."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Consent:
    version: str
    given_at: datetime
    channel: str


@dataclass
class Profile:
    """What helps us invite the right people and arrange things for them. Needs are data, not
    free text, because scheduling and notifications act on them."""

    postcode: str | None = None
    age_band: str | None = None
    support_needs: list[str] = field(default_factory=list)
    interpreter_language: str | None = None
    availability: list[str] = field(default_factory=list)  # e.g. "mon_morning"
    interests: list[str] = field(default_factory=list)
    health_tags: list[str] = field(default_factory=list)  # special category: explicit consent


def check_contact(
    preferred_name: str, phone: str | None, email: str | None, preferred_channel: str
) -> None:
    if not 1 <= len(preferred_name.strip()) <= MAX_NAME_LENGTH:
        raise SignUpRejected("preferred_name", "Enter a name of 1 to 100 characters.")
    if not phone and not email:
        raise SignUpRejected(
            "phone", "Give a mobile number or an email address so we can reach you."
        )
    if preferred_channel == "sms" and not phone:
        raise SignUpRejected("phone", "Give a mobile number if you want texts.")
    if preferred_channel == "email" and not email:
        raise SignUpRejected("email", "Give an email address if you want emails.")
