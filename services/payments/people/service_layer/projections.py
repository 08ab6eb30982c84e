"""Events from recruitment that payments keeps: the activity's offer (its payment policy, unless
a coordinator set one here) and title, participants' preferred names, staff names.

Run by the consumer inside its unit of work (the runner commits, with the inbox row)."""

from __future__ import annotations

from typing import Any

from services.payments.entitlements.domain.policy import Offer
from services.payments.people.commands import ForgetContact, NoteActivity, NoteContact, NoteStaff


def activity_published(cmd: NoteActivity, uow: Any) -> None:
    uow.directory.activity(
        cmd.activity_id, cmd.title, cmd.status, cmd.changed_at, cmd.organisation_id
    )
    offer = Offer(
        cmd.activity_id, cmd.rate_pence, cmd.rate_unit, cmd.expenses_covered, cmd.changed_at
    )
    policy = uow.policies.get(cmd.activity_id)
    if policy is None:
        uow.policies.add(offer.as_policy())
    else:
        policy.take_offer(offer)  # a coordinator's own policy stays as they set it


def contact_changed(cmd: NoteContact, uow: Any) -> None:
    if uow.erasures.done(cmd.participant_id):
        return  # a late copy of details they asked us to forget
    uow.directory.participant(cmd.participant_id, cmd.preferred_name)


def contact_forgotten(cmd: ForgetContact, uow: Any) -> None:
    """The recruitment.contact tombstone (erasure)."""
    uow.directory.forget_participant(cmd.participant_id)


def staff_profile_changed(cmd: NoteStaff, uow: Any) -> None:
    uow.directory.staff(
        cmd.staff_id, cmd.name, cmd.active, cmd.changed_at, cmd.roles, cmd.memberships
    )
