"""The staff projections, read and written inside notifications' unit of work."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from services.notifications.staff_notices.adapters.tables import (
    staff_digests_sent,
    staff_members,
    staff_preferences,
    staff_tasks,
    staff_urgent_sent,
)
from services.notifications.staff_notices.domain import StaffMember, StaffTask

TASK_FIELDS = [c.name for c in staff_tasks.columns if c.name != "changed_at"]


class SqlAlchemyStaff:
    def __init__(self, session: Session) -> None:
        self.session = session

    def save_member(self, member: StaffMember) -> None:
        """The latest profile wins (the topic is compacted and keyed by staff id)."""
        self.session.execute(
            delete(staff_members).where(staff_members.c.staff_id == member.staff_id)
        )
        self.session.execute(insert(staff_members).values(**vars(member)))

    def save_task(self, values: dict[str, Any]) -> None:
        """The latest state wins; older news (by changed_at) is ignored."""
        mine = staff_tasks.c.task_id == values["task_id"]
        held = self.session.execute(select(staff_tasks.c.changed_at).where(mine)).scalar()
        if held is not None and held > values["changed_at"]:
            return
        self.session.execute(delete(staff_tasks).where(mine))
        self.session.execute(insert(staff_tasks).values(**values))

    def members(self) -> list[StaffMember]:
        rows = self.session.execute(select(staff_members)).mappings()
        return [StaffMember(**row) for row in rows]

    def open_tasks(self) -> list[StaffTask]:
        query = select(*(staff_tasks.c[f] for f in TASK_FIELDS)).where(
            staff_tasks.c.state == "open"
        )
        return [StaffTask(**row) for row in self.session.execute(query).mappings()]

    def not_wanted(self) -> dict[str, set[str]]:
        """Each staff member's kinds of task they chose not to be told about."""
        rows = self.session.execute(select(staff_preferences))
        return {staff_id: set(kinds) for staff_id, kinds in rows}

    def choose(self, staff_id: str, not_wanted: set[str]) -> None:
        mine = staff_preferences.c.staff_id == staff_id
        self.session.execute(delete(staff_preferences).where(mine))
        values = {"staff_id": staff_id, "not_wanted": sorted(not_wanted)}
        self.session.execute(insert(staff_preferences).values(**values))

    def digest_sent(self, staff_id: str, day: date) -> bool:
        query = select(staff_digests_sent.c.staff_id).where(
            staff_digests_sent.c.staff_id == staff_id, staff_digests_sent.c.day == day
        )
        return self.session.execute(query).first() is not None

    def mark_digest(self, staff_id: str, day: date) -> None:
        self.session.execute(insert(staff_digests_sent).values(staff_id=staff_id, day=day))

    def urgent_sent(self, task_id: str, staff_id: str) -> bool:
        query = select(staff_urgent_sent.c.task_id).where(
            staff_urgent_sent.c.task_id == task_id, staff_urgent_sent.c.staff_id == staff_id
        )
        return self.session.execute(query).first() is not None

    def mark_urgent(self, task_id: str, staff_id: str) -> None:
        self.session.execute(insert(staff_urgent_sent).values(task_id=task_id, staff_id=staff_id))
