"""Inviting shortlisted people in rate-limited waves, honouring withdrawal, the do-not-contact
list, and a limit on how often anyone is asked."""

from __future__ import annotations

from datetime import datetime

from services.recruitment.activities.domain.activity import Activity
from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.invitations.commands import (
    InviteWaves,
    PutOnDoNotContact,
    ReleaseDueInvitations,
)
from services.recruitment.invitations.domain.invitation import (
    CONTACT_WINDOW,
    Invitation,
    plan_waves,
    why_not_send,
)
from services.recruitment.participants.domain.events import ParticipantInvited
from services.recruitment.participants.domain.model import Participant
from services.recruitment.participants.ports import UnitOfWork
from shared.clock import Clock


class NothingToInvite(ValueError):
    pass


def invite(cmd: InviteWaves, now: datetime, uow: UnitOfWork) -> dict[str, int]:
    """Plan the waves. Only people who expressed interest in this activity can be invited."""
    with uow:
        activity = uow.activities.get(cmd.activity_id)
        if activity is None:
            raise NotFound(cmd.activity_id)
        interested = {i.participant_id for i in uow.interests.for_activity(cmd.activity_id)}
        chosen = [p for p in cmd.participant_ids if p in interested]
        if not chosen:
            raise NothingToInvite("None of these people signed up for this activity.")
        planned = plan_waves(
            cmd.activity_id, chosen, cmd.wave_size, cmd.minutes_apart, cmd.respond_by, now
        )
        for invitation in planned:
            uow.invitations.add(invitation)
        uow.commit()
        return {"invitations": len(planned), "waves": planned[-1].wave + 1}


def release_due(now: datetime, per_30_days: int, uow: UnitOfWork, batch: int = 200) -> int:
    """Send the invitations whose wave is due (run every minute by the consumer); each one is
    checked again now, since people withdraw and get asked elsewhere in the meantime."""
    with uow:
        released = sum(_release(i, now, per_30_days, uow) for i in uow.invitations.due(now, batch))
        uow.commit()
        return released


def invite_in_waves(cmd: InviteWaves, uow: UnitOfWork, clock: Clock) -> dict[str, int]:
    return invite(cmd, clock(), uow)


def release_due_waves(
    cmd: ReleaseDueInvitations, uow: UnitOfWork, clock: Clock, invitations_per_30_days: int
) -> int:
    return release_due(clock(), invitations_per_30_days, uow, cmd.batch)


def _release(invitation: Invitation, now: datetime, per_30_days: int, uow: UnitOfWork) -> bool:
    person = uow.participants.get(invitation.participant_id)
    activity = uow.activities.get(invitation.activity_id)
    if person is None or activity is None:
        invitation.status, invitation.reason = "skipped", "erased"
        return False
    # Autoflush makes invitations sent earlier in this batch count here too. The limit is per
    # organisation: only this activity's organisation's invitations count.
    since = now - CONTACT_WINDOW
    recent = uow.invitations.sent_since(person.id, since, activity.organisation_id)
    # Left this activity's organisation: withdrawn there, whatever other organisations say.
    with_them = person.is_with(activity.organisation_id)
    blocked = person.not_to_be_contacted_by(activity.organisation_id)
    reason = why_not_send(with_them, blocked, recent, per_30_days)
    if reason is not None:
        invitation.status, invitation.reason = "skipped", reason
        return False
    invitation.status, invitation.sent_at = "sent", now
    interest = uow.interests.find(person.id, activity.id)
    if interest is not None and interest.status in ("interested", "shortlisted"):
        interest.status = "invited"
    _announce(invitation, person, activity)
    return True


def _announce(invitation: Invitation, person: Participant, activity: Activity) -> None:
    person.events.append(
        ParticipantInvited(
            invitation.id,
            person.id,
            activity.id,
            activity.title,
            invitation.respond_by,
            paid=activity.in_return.rate_pence > 0,
        )
    )


def invite_at_once(person: Participant, activity: Activity, now: datetime, uow: UnitOfWork) -> None:
    """An activity that invites everyone who signs up: one invitation, sent in this unit of
    work. The contact-frequency limit does not apply: they have just asked to take part."""
    [invitation] = plan_waves(activity.id, [person.id], 1, 0, None, now)
    uow.invitations.add(invitation)
    invitation.status, invitation.sent_at = "sent", now
    _announce(invitation, person, activity)


def do_not_contact(participant_id: str, now: datetime, uow: UnitOfWork) -> None:
    """On the do-not-contact list of the organisation in scope (a coordinator's): its sign-ups
    are withdrawn and it invites them no more (ParticipantLeftOrganisation tells the other
    services); others keep them. Someone who never signed up to its activities is not found,
    like an unknown id. With no organisation in scope: the list for everywhere, as before."""
    with uow:
        organisation_id = getattr(uow, "organisation_id", None)  # set when it begins
        person = uow.participants.get(participant_id)
        theirs = uow.interests.for_participant(participant_id)  # in scope: its activities'
        if person is None or (organisation_id is not None and not theirs):
            raise NotFound(participant_id)
        person.put_on_do_not_contact_list(now, organisation_id)
        for interest in theirs:
            interest.status = "withdrawn"
        uow.commit()


def put_on_do_not_contact(cmd: PutOnDoNotContact, uow: UnitOfWork, clock: Clock) -> None:
    do_not_contact(cmd.participant_id, clock(), uow)
