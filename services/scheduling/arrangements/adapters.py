"""Arrangement tasks, venues and go-aheads in the database. Venues are scoped by their own
organisation_id; tasks and go-aheads through their session (adapters/scoping.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session as DbSession

from services.scheduling.adapters.scoping import own, own_session
from services.scheduling.adapters.tables.arrangements import (
    arrangement_go_aheads,
    arrangement_tasks,
    arrangements_told,
    venues,
)
from services.scheduling.arrangements.domain import OPEN, ArrangementTask, Told
from services.scheduling.arrangements.venues import Venue

_TASK_FIELDS = (
    "session_id", "slot_id", "kind", "count", "venue_problem", "state", "reason",
    "settled_by", "settled_at", "created_at", "language",
)  # fmt: skip


def _task(row: object) -> ArrangementTask:
    values = {name: getattr(row, name) for name in _TASK_FIELDS}
    return ArrangementTask(
        task_id=row.task_id,  # type: ignore[attr-defined]
        booking_ids=tuple(row.booking_ids),  # type: ignore[attr-defined]
        **values,
    )


def _values(task: ArrangementTask) -> dict[str, object]:
    return {
        "task_id": task.task_id,
        "booking_ids": list(task.booking_ids),
        **{name: getattr(task, name) for name in _TASK_FIELDS},
    }


class SqlAlchemyArrangementRepository:
    def __init__(self, db: DbSession, organisation_id: str | None = None) -> None:
        self.db = db
        self.organisation_id = organisation_id

    def of_session(self, session_id: str) -> list[ArrangementTask]:
        query = (
            select(arrangement_tasks)
            .where(
                arrangement_tasks.c.session_id == session_id,
                own_session(arrangement_tasks.c.session_id, self.organisation_id),
            )
            .order_by(arrangement_tasks.c.created_at, arrangement_tasks.c.task_id)
        )
        return [_task(row) for row in self.db.execute(query)]

    def add(self, task: ArrangementTask) -> None:
        self.db.execute(insert(arrangement_tasks).values(**_values(task)))

    def save(self, task: ArrangementTask) -> None:
        values = _values(task)
        del values["task_id"]
        query = update(arrangement_tasks).where(arrangement_tasks.c.task_id == task.task_id)
        self.db.execute(query.values(**values))

    def remove(self, task_ids: list[str]) -> None:
        if task_ids:
            query = delete(arrangement_tasks).where(arrangement_tasks.c.task_id.in_(task_ids))
            self.db.execute(query)

    def open_count(self, slot_id: str) -> int:
        query = select(arrangement_tasks.c.task_id).where(
            arrangement_tasks.c.slot_id == slot_id, arrangement_tasks.c.state == OPEN
        )
        return len(self.db.execute(query).all())

    def go_ahead(
        self, session_id: str, slot_id: str, staff_id: str, open_tasks: int, at: datetime
    ) -> None:
        if self.go_aheads(session_id).get(slot_id) is None:
            self.db.execute(
                insert(arrangement_go_aheads).values(
                    slot_id=slot_id,
                    session_id=session_id,
                    staff_id=staff_id,
                    open_tasks=open_tasks,
                    at=at,
                )
            )

    def go_aheads(self, session_id: str) -> dict[str, tuple[str, int, datetime]]:
        """slot id -> (staff id, tasks open then, when)."""
        table = arrangement_go_aheads
        query = select(table).where(
            table.c.session_id == session_id, own_session(table.c.session_id, self.organisation_id)
        )
        return {
            row.slot_id: (row.staff_id, row.open_tasks, row.at) for row in self.db.execute(query)
        }

    def told(self, slot_id: str) -> dict[str, Told]:
        """booking id -> what they were last told was arranged at this time."""
        table = arrangements_told
        query = select(table).where(
            table.c.slot_id == slot_id, own_session(table.c.session_id, self.organisation_id)
        )
        return {row.booking_id: (row.done, row.not_possible) for row in self.db.execute(query)}

    def keep_told(
        self, session_id: str, slot_id: str, booking_id: str, told: Told, at: datetime
    ) -> None:
        table = arrangements_told
        key = (table.c.booking_id == booking_id, table.c.slot_id == slot_id)
        self.db.execute(delete(table).where(*key))
        self.db.execute(
            insert(table).values(
                booking_id=booking_id,
                slot_id=slot_id,
                session_id=session_id,
                done=told[0],
                not_possible=told[1],
                told_at=at,
            )
        )


class SqlAlchemyVenueRepository:
    def __init__(self, db: DbSession, organisation_id: str | None = None) -> None:
        self.db = db
        self.organisation_id = organisation_id

    def get(self, venue_id: str) -> Venue | None:
        query = select(venues).where(
            venues.c.venue_id == venue_id, own(venues.c.organisation_id, self.organisation_id)
        )
        row = self.db.execute(query).first()
        return Venue(**row._mapping) if row is not None else None

    def listed(self) -> list[Venue]:
        query = select(venues).where(own(venues.c.organisation_id, self.organisation_id))
        return [Venue(**row._mapping) for row in self.db.execute(query.order_by(venues.c.name))]

    def save(self, venue: Venue) -> None:
        values = {**venue.__dict__}
        if self.db.execute(
            select(venues.c.venue_id).where(venues.c.venue_id == venue.venue_id)
        ).first():
            del values["venue_id"]
            query = update(venues).where(venues.c.venue_id == venue.venue_id)
            self.db.execute(query.values(**values))
        else:
            self.db.execute(insert(venues).values(**values))
