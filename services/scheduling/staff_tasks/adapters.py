"""Staff tasks as last announced, and the times whose below-minimum task may have changed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, or_, select, update
from sqlalchemy.orm import Session as DbSession

from services.scheduling.adapters.tables.sessions import slots
from services.scheduling.adapters.tables.staff_tasks import staff_tasks
from services.scheduling.staff_tasks.domain import DONE, WARN_BEFORE_DECISION


class SqlAlchemyTaskRepository:
    def __init__(self, db: DbSession) -> None:
        self.db = db

    def state(self, task_id: str) -> str | None:
        query = select(staff_tasks.c.state).where(staff_tasks.c.task_id == task_id)
        return self.db.execute(query).scalar_one_or_none()

    def save(
        self, task_id: str, kind: str, state: str, session_id: str, slot_id: str, at: datetime
    ) -> None:
        if self.state(task_id) is None:
            self.db.execute(
                insert(staff_tasks).values(
                    task_id=task_id,
                    kind=kind,
                    state=state,
                    session_id=session_id,
                    slot_id=slot_id,
                    changed_at=at,
                )
            )
        else:
            self.db.execute(
                update(staff_tasks)
                .where(staff_tasks.c.task_id == task_id)
                .values(state=state, changed_at=at)
            )

    def open_tasks(self, kind: str, session_id: str | None = None) -> list[tuple[str, str]]:
        """(task id, slot id) of the tasks of this kind not yet done."""
        query = select(staff_tasks.c.task_id, staff_tasks.c.slot_id).where(
            staff_tasks.c.kind == kind, staff_tasks.c.state != DONE
        )
        if session_id is not None:
            query = query.where(staff_tasks.c.session_id == session_id)
        return [(row.task_id, row.slot_id) for row in self.db.execute(query)]

    def minimum_slots(self, now: datetime, open_ids: list[str], limit: int = 200) -> list[str]:
        """Times with a minimum whose decision is a day off or less and still to start, and
        any time with an open task (which may now be done)."""
        soon = (slots.c.decision_at <= now + WARN_BEFORE_DECISION) & (slots.c.starts_at > now)
        query = (
            select(slots.c.id)
            .where(slots.c.min_group_size.is_not(None), or_(soon, slots.c.id.in_(open_ids)))
            .order_by(slots.c.starts_at)
            .limit(limit)
        )
        return list(self.db.execute(query).scalars())
