"""Signing someone up from the web form or the API (the SignUp command)."""

from __future__ import annotations

from services.recruitment.participants.domain.model import Consent, Participant, SignUpRejected
from services.recruitment.participants.ports import UnitOfWork
from services.recruitment.signups.commands import SignUp
from shared.clock import Clock, utc_now


class AlreadySignedUp(SignUpRejected):
    pass


def sign_up(cmd: SignUp, uow: UnitOfWork, clock: Clock = utc_now) -> str:
    now = clock()
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
