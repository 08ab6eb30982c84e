"""Staff data notifications keeps: the directory, the tasks staff are told about, their choices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class RecordStaffMember:
    staff_id: str
    name: str
    email: str
    roles: list[str]
    active: bool
    memberships: dict[str, list[str]] | None = None


@dataclass(frozen=True)
class RecordStaffTask:
    """PaymentsStaffTask / SchedulingStaffTask: the latest state of each task wins."""

    task_id: str
    activity_id: str
    changed_at: datetime
    not_for_staff_ids: list[str]
    facts: dict[str, Any]  # kind, state, roles, path, urgent, amounts...


@dataclass(frozen=True)
class ChooseTaskKinds:
    """The kinds of task a staff member does not want to be emailed about."""

    staff_id: str
    not_wanted: frozenset[str]


@dataclass(frozen=True)
class TellStaff:
    """Periodic: urgent tasks at once, and each day's digest when it is due."""
