"""The dispatcher instances table: who is alive, by heartbeat."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from services.notifications.adapters.orm import dispatcher_instances


class SqlAlchemyDispatcherInstances:
    def __init__(self, session: Session) -> None:
        self.session = session

    def beat(self, instance: str, now: datetime) -> None:
        mine = dispatcher_instances.c.instance_id == instance
        updated = self.session.execute(
            update(dispatcher_instances).where(mine).values(heartbeat_at=now)
        )
        if updated.rowcount == 0:  # type: ignore[attr-defined]
            self.session.execute(
                insert(dispatcher_instances).values(
                    instance_id=instance, started_at=now, heartbeat_at=now
                )
            )

    def forget_silent(self, cutoff: datetime) -> None:
        self.session.execute(
            delete(dispatcher_instances).where(dispatcher_instances.c.heartbeat_at < cutoff)
        )

    def retire(self, instance: str) -> None:
        self.session.execute(
            delete(dispatcher_instances).where(dispatcher_instances.c.instance_id == instance)
        )

    def alive(self, cutoff: datetime) -> int:
        query = select(func.count()).where(dispatcher_instances.c.heartbeat_at >= cutoff)
        return self.session.execute(query).scalar_one()
