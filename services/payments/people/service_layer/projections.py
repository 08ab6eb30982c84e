"""Events from recruitment that payments keeps: the activity's offer (its payment policy, unless
a coordinator set one here) and title, participants' preferred names, staff names.

Run by the consumer inside its unit of work (the runner commits, with the inbox row)."""

from __future__ import annotations

from typing import Any

from services.payments.entitlements.domain.policy import Offer


def activity_published(data: dict[str, Any], uow: Any) -> None:
    activity_id = str(data["activity_id"])
    uow.directory.activity(activity_id, data["title"], data["status"], data["changed_at"])
    offer = Offer(
        activity_id, data["rate_pence"], data["rate_unit"], data["expenses_covered"],
        data["changed_at"],
    )  # fmt: skip
    policy = uow.policies.get(activity_id)
    if policy is None:
        uow.policies.add(offer.as_policy())
    else:
        policy.take_offer(offer)  # a coordinator's own policy stays as they set it


def contact_changed(data: dict[str, Any], uow: Any) -> None:
    participant_id = str(data["participant_id"])
    if uow.erasures.done(participant_id):
        return  # a late copy of details they asked us to forget
    uow.directory.participant(participant_id, data["preferred_name"])


def contact_forgotten(participant_id: str, uow: Any) -> None:
    """The recruitment.contact tombstone (erasure)."""
    uow.directory.forget_participant(participant_id)


def staff_profile_changed(data: dict[str, Any], uow: Any) -> None:
    staff_id, roles = str(data["staff_id"]), data.get("roles")
    uow.directory.staff(staff_id, data["name"], data["active"], data["changed_at"], roles)
