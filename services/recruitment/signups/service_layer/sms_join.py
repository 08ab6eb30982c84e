"""JOIN <CODE>: finding the open activity behind a code, and people who are already with us
(they are not asked anything again: their interest is recorded and they are told so; for an
organisation they have not agreed to before, they are first asked to reply JOIN <CODE> AGREE)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Protocol

from services.recruitment.activities.domain.activity import Activity
from services.recruitment.history.ports import HistoryRepository
from services.recruitment.participants.domain.consent import CURRENT_CONSENT_VERSION, agreed_with
from services.recruitment.participants.domain.model import Participant
from services.recruitment.participants.ports import UnitOfWork
from services.recruitment.signups.domain.sms_signup import Join, SignUpReplied, SmsSignUp
from services.recruitment.signups.service_layer.signups import (
    SignUpForActivity,
    sign_up_for_activity,
)


class SmsSignUpRepository(Protocol):
    def get(self, phone: str) -> SmsSignUp | None: ...
    def save(self, dialogue: SmsSignUp) -> None: ...
    def remove(self, phone: str) -> None: ...
    def forget_silent(self, since: datetime) -> int: ...
    def forget_sent_texts(self) -> None: ...


class DialogueUnitOfWork(UnitOfWork, Protocol):
    sms_sign_ups: SmsSignUpRepository
    history: HistoryRepository  # NOTE <words>: their contact note
    events: list[object]  # the dialogue's texts to announce on commit


def join_known(person: Participant, join: Join, phone: str | None, uow: DialogueUnitOfWork) -> None:
    """Someone we know: record their interest without asking anything again."""
    activity = open_activity(phone, person, join, uow)
    if activity is None:
        return
    with_them = person.is_with(activity.organisation_id)  # not withdrawn there, nor left it
    outcome = "already_registered" if with_them else "not_added"
    new_to_them = not agreed_with(uow.consents.for_participant(person.id), activity.organisation_id)
    if with_them and new_to_them and not join.agreed:
        # Another organisation is another data controller: it needs their own OK, so we ask
        # for JOIN CODE AGREE (a JOIN text, which scheduling's dialogue leaves alone).
        outcome, with_them = "consent_needed", False
    elif with_them and new_to_them:
        outcome = "registered"  # new to this organisation: "you are signed up", not "already"
    if with_them:
        command = SignUpForActivity(
            person.preferred_name,
            person.phone,
            person.email,
            person.preferred_channel,
            person.language,
            CURRENT_CONSENT_VERSION,
            code=join.code,
            medium="sms",
        )
        sign_up_for_activity(command, uow)
    uow.events.append(
        SignUpReplied(
            str(uuid.uuid4()),
            phone,
            person.id,
            person.language,
            outcome,
            join.code,
            activity.id,
            activity.title,
        )
    )


def open_activity(
    phone: str | None, person: Participant | None, join: Join, uow: DialogueUnitOfWork
) -> Activity | None:
    """The open activity behind the code, or None after saying why not."""
    language = person.language if person else join.language
    pid = person.id if person else None
    code = join.code if join.well_formed else None
    channel = uow.channels.by_code(join.code) if code else None
    activity = uow.activities.get(channel.activity_id) if channel else None
    if not join.code:
        outcome = "start_again"  # JOIN on its own: say how
    elif activity is None:
        outcome = "unknown_code"
    elif not activity.accepts_sign_ups:
        outcome = "not_open"
    else:
        return activity
    uow.events.append(SignUpReplied(str(uuid.uuid4()), phone, pid, language, outcome, code))
    return None


def known(
    participant_id: str | None, phone: str | None, uow: DialogueUnitOfWork
) -> Participant | None:
    if participant_id is not None:
        return uow.participants.get(participant_id)
    return uow.participants.find_by_contact(phone, None) if phone else None
