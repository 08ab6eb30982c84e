"""Recruitment use cases, one function each."""

from __future__ import annotations

from datetime import UTC, datetime

from services.recruitment.domain.model import Consent, Participant, SignUpRejected
from services.recruitment.service_layer.commands import SignUp
from services.recruitment.service_layer.ports import UnitOfWork


class AlreadySignedUp(SignUpRejected):
    pass


def sign_up(cmd: SignUp, uow: UnitOfWork) -> str:
    now = datetime.now(UTC)
    consent = (
        Consent(cmd.consent_version, now, cmd.sign_up_channel) if cmd.consent_version else None
    )
    with uow:
        if uow.participants.find_by_contact(cmd.phone, cmd.email) is not None:
            raise AlreadySignedUp(
                "contact", "Someone has already signed up with these contact details."
            )
        participant = Participant.sign_up(
            cmd.preferred_name,
            cmd.phone,
            cmd.email,
            cmd.preferred_channel,
            cmd.language,
            cmd.sign_up_channel,
            consent,
            now,
        )
        uow.participants.add(participant)
        uow.commit()
        return participant.id
