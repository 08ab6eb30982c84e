"""Coordinators' use cases for activities and their recruitment channels."""

from __future__ import annotations

from typing import Any

from services.recruitment.activities.commands import (
    AddChannel,
    CreateActivity,
    DescribeActivity,
    SetActivityStatus,
    UpdateActivity,
)
from services.recruitment.activities.domain.activity import Activity, Audience, Offer
from services.recruitment.activities.domain.channels import Channel, ChannelRuleBroken
from services.recruitment.activities.domain.snapshots import channel_snapshot
from services.recruitment.participants.ports import UnitOfWork
from shared.clock import Clock, utc_now
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID


class NotFound(LookupError):
    pass


def _description(cmd: DescribeActivity) -> dict[str, Any]:
    return {
        "title": cmd.title,
        "purpose": cmd.purpose,
        "approach": cmd.approach,
        "formats": cmd.formats,
        "who": Audience(**cmd.audience),
        "in_return": Offer(**cmd.offer),
        "invite_on_sign_up": cmd.invite_on_sign_up,
    }


def draft(cmd: CreateActivity, uow: UnitOfWork, clock: Clock) -> str:
    return create_activity(cmd.description, cmd.created_by, uow, clock)


def create_activity(
    cmd: DescribeActivity, staff_id: str, uow: UnitOfWork, clock: Clock = utc_now
) -> str:
    with uow:
        # The organisation the coordinator is working in (the first one outside a request).
        whose = getattr(uow, "organisation_id", None) or FIRST_ORGANISATION_ID
        activity = Activity.draft(
            **_description(cmd), created_by=staff_id, now=clock(), organisation_id=whose
        )
        uow.activities.add(activity)
        uow.commit()
        return activity.id


def describe(cmd: UpdateActivity, uow: UnitOfWork) -> None:
    update_activity(cmd.activity_id, cmd.description, uow)


def update_activity(activity_id: str, cmd: DescribeActivity, uow: UnitOfWork) -> None:
    with uow:
        _get(activity_id, uow).describe(**_description(cmd))
        uow.commit()


def change_status(cmd: SetActivityStatus, uow: UnitOfWork) -> None:
    set_status(cmd.activity_id, cmd.status, uow)


def set_status(activity_id: str, status: str, uow: UnitOfWork) -> None:
    with uow:
        activity = _get(activity_id, uow)
        activity.open() if status == "open" else activity.close()
        uow.commit()


def add_way_in(cmd: AddChannel, uow: UnitOfWork, clock: Clock) -> dict[str, Any]:
    return add_channel(cmd.activity_id, cmd.kind, cmd.code, cmd.partner, uow, clock)


def add_channel(
    activity_id: str,
    kind: str,
    code: str,
    partner: str | None,
    uow: UnitOfWork,
    clock: Clock = utc_now,
) -> dict[str, Any]:
    with uow:
        _get(activity_id, uow)
        channel = Channel.add(activity_id, kind, code, partner, clock())
        if uow.channels.by_code(channel.code) is not None:
            raise ChannelRuleBroken("code", f"The code {channel.code} is taken. Choose another.")
        uow.channels.add(channel)
        answer = channel_snapshot(channel)
        uow.commit()
        return answer


def _get(activity_id: str, uow: UnitOfWork) -> Activity:
    activity = uow.activities.get(activity_id)
    if activity is None:
        raise NotFound(activity_id)
    return activity
