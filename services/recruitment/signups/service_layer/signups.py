"""Signing people up to an activity, through whichever channel reached them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.recruitment.activities.domain.activity import Activity
from services.recruitment.activities.domain.channels import Channel
from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.history.service_layer import note_needs_given
from services.recruitment.invitations.service_layer.invitations import invite_at_once
from services.recruitment.participants.domain.consent import ConsentRecord, agreed_with
from services.recruitment.participants.domain.events import ConsentGiven
from services.recruitment.participants.domain.interest import ExpressionOfInterest
from services.recruitment.participants.domain.model import (
    Consent,
    Participant,
    SignUpRejected,
)
from services.recruitment.participants.ports import UnitOfWork
from services.recruitment.signups.commands import SignUpForActivity
from shared.clock import Clock, utc_now


class ActivityNotOpen(SignUpRejected):
    pass


@dataclass(frozen=True)
class SignedUp:
    participant_id: str
    activity_id: str
    new_person: bool


def sign_up_for_activity(
    cmd: SignUpForActivity, uow: UnitOfWork, clock: Clock = utc_now
) -> SignedUp:
    now = clock()
    with uow:
        channel, activity = _where_from(cmd, uow)
        activity_id = activity.id
        kind = _kind(cmd, channel)
        existing = uow.participants.find_by_contact(cmd.phone, cmd.email)
        # Someone already known: record the interest but change nothing about them, since
        # whoever typed these details may not be them; they can update their own page.
        participant = existing or _new_participant(cmd, kind, activity, channel, now, uow)
        # Someone who withdrew (everywhere, or from this organisation) is not put back on any
        # list by a form anyone could fill in.
        with_them = participant.is_with(activity.organisation_id)
        # A new organisation is a new data controller: their agreement on this sign-up is
        # their consent to it (each organisation's first, only once).
        if existing is not None and with_them and cmd.consent_version:
            _agree_with(existing, cmd.consent_version, kind, activity.organisation_id, now, uow)
        if with_them and uow.interests.find(participant.id, activity_id) is None:
            _record_interest(participant, activity_id, channel, kind, now, uow)
        uow.commit()
        return SignedUp(participant.id, activity_id, existing is None)


def _agree_with(
    person: Participant,
    version: str,
    kind: str,
    organisation_id: str,
    now: datetime,
    uow: UnitOfWork,
) -> None:
    if not agreed_with(uow.consents.for_participant(person.id), organisation_id):
        record_consents(person, version, ("taking_part",), kind, now, uow, organisation_id)


def _record_interest(
    participant: Participant,
    activity_id: str,
    channel: Channel | None,
    kind: str,
    now: datetime,
    uow: UnitOfWork,
) -> None:
    partner, channel_id = (channel.partner, channel.id) if channel else (None, None)
    interest = ExpressionOfInterest.record(
        participant.id, activity_id, channel_id, kind, partner, now
    )
    uow.interests.add(interest)
    activity = uow.activities.get(activity_id)
    if activity is not None and activity.invite_on_sign_up:
        invite_at_once(participant, activity, now, uow)
        interest.status = "invited"


def _kind(cmd: SignUpForActivity, channel: Channel | None) -> str:
    """The channel a sign-up is counted under: what reached them, but a page opened with an
    SMS code is a web sign-up and a text with a web code an SMS one (notifications words them
    differently)."""
    if cmd.entered_by:
        return "coordinator"
    if cmd.medium == "sms":
        return "sms"
    return channel.kind if channel and channel.kind != "sms" else "web"


def _where_from(cmd: SignUpForActivity, uow: UnitOfWork) -> tuple[Channel | None, Activity]:
    channel = uow.channels.by_code(cmd.code) if cmd.code else None
    if cmd.code and channel is None:
        raise NotFound(cmd.code)
    activity = uow.activities.get(channel.activity_id if channel else cmd.activity_id or "")
    if activity is None:
        raise NotFound(cmd.activity_id)
    if not activity.accepts_sign_ups and not cmd.entered_by:
        raise ActivityNotOpen("activity", "This activity is not taking sign-ups at the moment.")
    return channel, activity


def _new_participant(
    cmd: SignUpForActivity,
    kind: str,
    activity: Activity,
    channel: Channel | None,
    now: datetime,
    uow: UnitOfWork,
) -> Participant:
    consent = Consent(cmd.consent_version, now, kind) if cmd.consent_version else None
    participant = Participant.sign_up(
        cmd.preferred_name,
        cmd.phone,
        cmd.email,
        cmd.preferred_channel,
        cmd.language,
        kind,
        consent,
        now,
        profile=cmd.profile,
        special_consent=cmd.special_consent,
        activity_id=activity.id,
        channel_code=channel.code if channel else None,
    )
    uow.participants.add(participant)
    note_needs_given(uow, participant.id, list(participant.support_needs), now)
    scopes = ("taking_part", "special_category") if cmd.special_consent else ("taking_part",)
    record_consents(
        participant, cmd.consent_version or "", scopes, kind, now, uow, activity.organisation_id
    )
    return participant


def record_consents(
    participant: Participant,
    version: str,
    scopes: tuple[str, ...],
    channel: str,
    now: datetime,
    uow: UnitOfWork,
    organisation_id: str,
) -> None:
    """Each consent given is a row (the version they saw, when, how, to whom) and an event."""
    for scope in scopes:
        record = ConsentRecord(
            participant.id, scope, version, channel, now, organisation_id=organisation_id
        )
        uow.consents.add(record)
        participant.events.append(
            ConsentGiven(participant.id, scope, version, channel, now, organisation_id)
        )
