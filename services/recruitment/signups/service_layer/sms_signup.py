"""Signing up by text: JOIN <CODE> starts (or restarts) a short dialogue that ends in
`sign_up_for_activity`, exactly as the web form does, attributed to the code's channel.

Everything here runs inside the consumer's unit of work (with its inbox row); the caller
commits. Replies are facts (SignUpQuestionAsked, SignUpReplied): notifications words them.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from services.recruitment.activities.domain.activity import Activity
from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.history.domain import NOTE_LIMIT, clean_note
from services.recruitment.participants.domain.consent import CURRENT_CONSENT_VERSION
from services.recruitment.participants.domain.model import Participant, Profile, SignUpRejected
from services.recruitment.participants.domain.phone import InvalidPhone, normalise_uk_mobile
from services.recruitment.rights.service_layer import rights
from services.recruitment.rights.service_layer.organisations_with import leave_one
from services.recruitment.signups.commands import ForgetSilentDialogues, ReceiveText
from services.recruitment.signups.domain import sms_signup
from services.recruitment.signups.domain.sms_signup import (
    Join,
    SignUpQuestionAsked,
    SignUpReplied,
    SmsSignUp,
)
from services.recruitment.signups.service_layer.signups import (
    SignUpForActivity,
    sign_up_for_activity,
)
from services.recruitment.signups.service_layer.sms_join import (
    DialogueUnitOfWork,
    join_known,
    known,
    open_activity,
)
from shared.clock import Clock, utc_now


def handle_text(
    participant_id: str | None,
    from_number: str | None,
    text: str,
    uow: DialogueUnitOfWork,
    now: datetime,
) -> None:
    join = sms_signup.parse_join(text)
    person = known(participant_id, from_number, uow)
    if person is not None:
        leaving, note = sms_signup.parse_leave(text), sms_signup.parse_note(text)
        updates = sms_signup.parse_updates(text)
        if note is not None:
            _keep_note(person, note, from_number, uow, now)
        elif join is not None:  # anything else from someone we know is scheduling's to answer
            join_known(person, join, from_number, uow)
        elif leaving is not None and leaving.code is not None:
            _leave_one(person, leaving.code, from_number, uow, now)
        elif leaving is not None:
            _leave(person.id, from_number, person.language, uow)
        elif updates is not None:
            _choose_updates(person, updates, from_number, uow)
        return
    if from_number is None:
        return  # a participant id we do not hold (erased since): nobody to answer
    dialogue = uow.sms_sign_ups.get(from_number)
    if dialogue is not None and dialogue.expired(now):
        uow.sms_sign_ups.remove(from_number)  # forgotten, answers and all
        if join is None:
            _reply(uow, from_number, dialogue.language, "expired")
            return
        dialogue = None
    if join is not None:
        _start(from_number, join, uow, now)
    elif dialogue is None:
        _reply(uow, from_number, "en", "start_again")
    else:
        _continue(dialogue, text, uow, now)


def _leave(participant_id: str, phone: str | None, language: str, uow: DialogueUnitOfWork) -> None:
    """LEAVE: withdraw consent to take part, as the web page's "Stop taking part" does."""
    rights.withdraw(participant_id, "taking_part", "sms", uow)
    reply = SignUpReplied(str(uuid.uuid4()), phone, participant_id, language, "left", None)
    uow.events.append(reply)


def _keep_note(
    person: Participant, words: str, phone: str | None, uow: DialogueUnitOfWork, now: datetime
) -> None:
    """NOTE <words>: their note on how to contact them, as on /join/me (NOTE alone: none)."""
    note = clean_note(words)
    if len(note) > NOTE_LIMIT:
        outcome = "note_too_long"
    else:
        uow.history.set_note(person.id, note, now)
        outcome = "note_saved" if note else "note_removed"
    uow.events.append(
        SignUpReplied(str(uuid.uuid4()), phone, person.id, person.language, outcome, None)
    )


def _choose_updates(
    person: Participant, updates: sms_signup.Updates, phone: str | None, uow: DialogueUnitOfWork
) -> None:
    """NO UPDATES / UPDATES: as the choice on their own page; they stay signed up."""
    person.choose_outcome_updates(updates.wanted)
    outcome = "updates_on" if updates.wanted else "updates_off"
    reply = SignUpReplied(str(uuid.uuid4()), phone, person.id, updates.language, outcome, None)
    uow.events.append(reply)


def _leave_one(
    person: Participant, code: str, phone: str | None, uow: DialogueUnitOfWork, now: datetime
) -> None:
    """LEAVE <CODE>: leave the organisation of the code's activity only, as the web page's
    "leave" does; the others keep them. The reply goes as that organisation."""
    channel = uow.channels.by_code(code)
    activity = uow.activities.get(channel.activity_id) if channel else None
    if activity is None:
        reply = SignUpReplied(
            str(uuid.uuid4()), phone, person.id, person.language, "unknown_code", code
        )
        uow.events.append(reply)
        return
    leave_one(person, activity.organisation_id, uow, now)
    reply = SignUpReplied(
        str(uuid.uuid4()), phone, person.id, person.language, "left_organisation", code,
        activity.id, activity.title,
    )  # fmt: skip
    uow.events.append(reply)


def receive_text(cmd: ReceiveText, uow: DialogueUnitOfWork, clock: Clock = utc_now) -> None:
    handle_text(cmd.participant_id, cmd.from_number, cmd.text, uow, clock())


def forget_silent(
    _cmd: ForgetSilentDialogues, uow: DialogueUnitOfWork, clock: Clock = utc_now
) -> int:
    return forget_silent_dialogues(uow, clock())


def forget_silent_dialogues(uow: DialogueUnitOfWork, now: datetime) -> int:
    """Idle work: drop dialogues left for a day, and dialogue texts Kafka already has."""
    with uow:
        gone = uow.sms_sign_ups.forget_silent(now - sms_signup.TIMEOUT)
        uow.sms_sign_ups.forget_sent_texts()
        uow.commit()
        return gone


def _start(phone: str, join: Join, uow: DialogueUnitOfWork, now: datetime) -> None:
    uow.sms_sign_ups.remove(phone)  # JOIN again starts over
    activity = open_activity(phone, None, join, uow)
    if activity is None:
        return
    try:
        normalise_uk_mobile(phone)
    except InvalidPhone:
        _reply(uow, phone, join.language, "uk_mobile_only")
        return
    dialogue = SmsSignUp.start(phone, activity.id, join.code, join.language, now)
    uow.sms_sign_ups.save(dialogue)
    _ask(dialogue, sms_signup.NAME, None, activity, uow)


def _continue(dialogue: SmsSignUp, text: str, uow: DialogueUnitOfWork, now: datetime) -> None:
    turn = dialogue.answer(text, now)
    if turn.declined:
        uow.sms_sign_ups.remove(dialogue.phone)  # NO: nothing of theirs is kept
        _reply(uow, dialogue.phone, dialogue.language, "declined", dialogue.id)
        return
    if turn.finished:
        _register(dialogue, uow, turn.interpreter_language)
        return
    uow.sms_sign_ups.save(dialogue)
    activity = uow.activities.get(dialogue.activity_id)
    _ask(dialogue, turn.question or dialogue.step, turn.problem, activity, uow)


def _register(
    dialogue: SmsSignUp, uow: DialogueUnitOfWork, interpreter_language: str | None = None
) -> None:
    uow.sms_sign_ups.remove(dialogue.phone)
    command = SignUpForActivity(
        preferred_name=dialogue.preferred_name or "",
        phone=dialogue.phone,
        email=None,
        preferred_channel="sms",
        language=dialogue.language,
        consent_version=CURRENT_CONSENT_VERSION,
        profile=Profile(
            postcode=dialogue.postcode,
            support_needs=list(dialogue.support_needs),
            interpreter_language=interpreter_language,  # as the web form keeps it
        ),
        code=dialogue.code,
        medium="sms",
    )
    try:
        signed = sign_up_for_activity(command, uow)
    except (SignUpRejected, NotFound):  # closed (or removed) while they were answering
        _reply(uow, dialogue.phone, dialogue.language, "not_open", dialogue.id, dialogue.code)
        return
    activity = uow.activities.get(signed.activity_id)
    outcome = "registered" if signed.new_person else "already_registered"
    uow.events.append(
        SignUpReplied(
            dialogue.id,
            dialogue.phone,
            signed.participant_id,
            dialogue.language,
            outcome,
            dialogue.code,
            signed.activity_id,
            activity.title if activity else None,
        )
    )


def _ask(
    dialogue: SmsSignUp,
    question: str,
    problem: str | None,
    activity: Activity | None,
    uow: DialogueUnitOfWork,
) -> None:
    title = activity.title if activity else "Chorus"
    uow.events.append(
        SignUpQuestionAsked(
            dialogue.id,
            dialogue.phone,
            dialogue.language,
            question,
            problem,
            dialogue.activity_id,
            title,
        )
    )


def _reply(
    uow: DialogueUnitOfWork,
    phone: str,
    language: str,
    outcome: str,
    dialogue_id: str | None = None,
    code: str | None = None,
) -> None:
    uow.events.append(
        SignUpReplied(dialogue_id or str(uuid.uuid4()), phone, None, language, outcome, code)
    )
