"""Participants: the people who take part, and the rules for signing them up."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from services.recruitment.domain.events import ContactDetailsChanged, ParticipantSignedUp

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


class Participant:
    def __init__(
        self,
        id: str,
        preferred_name: str,
        phone: str | None,
        email: str | None,
        preferred_channel: str,
        language: str,
        sign_up_channel: str,
        consent_version: str,
        consented_at: datetime,
        signed_up_at: datetime,
    ) -> None:
        self.id = id
        self.preferred_name = preferred_name
        self.phone = phone
        self.email = email
        self.preferred_channel = preferred_channel
        self.language = language
        self.sign_up_channel = sign_up_channel
        self.consent_version = consent_version
        self.consented_at = consented_at
        self.signed_up_at = signed_up_at
        self.events: list[object] = []

    @classmethod
    def sign_up(
        cls,
        preferred_name: str,
        phone: str | None,
        email: str | None,
        preferred_channel: str,
        language: str,
        sign_up_channel: str,
        consent: Consent | None,
        now: datetime,
    ) -> Participant:
        if consent is None:
            raise SignUpRejected("consent", "You need to agree before you can sign up.")
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
        participant = cls(
            id=str(uuid.uuid4()),
            preferred_name=preferred_name.strip(),
            phone=phone,
            email=email.lower() if email else None,
            preferred_channel=preferred_channel,
            language=language,
            sign_up_channel=sign_up_channel,
            consent_version=consent.version,
            consented_at=consent.given_at,
            signed_up_at=now,
        )
        participant.events.append(
            ParticipantSignedUp(participant.id, sign_up_channel, preferred_channel, language, now)
        )
        participant.events.append(participant._contact_details())
        return participant

    def _contact_details(self) -> ContactDetailsChanged:
        return ContactDetailsChanged(
            self.id,
            self.preferred_name,
            self.phone,
            self.email,
            self.preferred_channel,
            self.language,
        )
