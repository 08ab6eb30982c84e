"""Keeping the staff directory and their tasks, and telling staff (the periodic tick)."""

from __future__ import annotations

from typing import Any

from services.notifications.staff_notices import commands
from services.notifications.staff_notices.domain import StaffMember
from services.notifications.staff_notices.service_layer.notices import StaffNotices


def record_staff_member(command: commands.RecordStaffMember, uow: Any) -> None:
    member = StaffMember(
        command.staff_id,
        command.name,
        command.email,
        list(command.roles),
        command.active,
        command.memberships,
    )
    uow.staff.save_member(member)


def record_staff_task(command: commands.RecordStaffTask, uow: Any) -> None:
    uow.staff.save_task(
        {
            **command.facts,
            "task_id": command.task_id,
            "activity_id": command.activity_id,
            "not_for_staff_ids": command.not_for_staff_ids,
            "changed_at": command.changed_at,
        }
    )


def choose_task_kinds(command: commands.ChooseTaskKinds, uow: Any) -> None:
    with uow:
        uow.staff.choose(command.staff_id, set(command.not_wanted))
        uow.commit()


def tell_staff(command: commands.TellStaff, uow: Any, staff_notices: StaffNotices) -> int:
    return staff_notices.tick()
