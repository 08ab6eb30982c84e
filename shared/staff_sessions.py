"""Each service's copy of "staff sessions before this moment no longer count", kept from the
StaffSessionsRevoked events on recruitment.staff (recruitment owns staff accounts)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Engine, MetaData, String, Table, select

from shared.bus.consumer import Handler
from shared.db import UtcDateTime
from shared.events.envelope import Envelope

staff_sessions_metadata = MetaData()

staff_sessions = Table(
    "staff_sessions",
    staff_sessions_metadata,
    Column("staff_id", String(36), primary_key=True),
    Column("valid_after", UtcDateTime, nullable=False),
)


def record_revocation(_envelope: Envelope, data: dict[str, Any], uow: Any) -> None:
    staff_id, valid_after = str(data["staff_id"]), data["valid_after"]
    current = uow.session.execute(
        select(staff_sessions.c.valid_after).where(staff_sessions.c.staff_id == staff_id)
    ).scalar_one_or_none()
    if current is None:
        uow.session.execute(
            staff_sessions.insert().values(staff_id=staff_id, valid_after=valid_after)
        )
    elif valid_after > current:  # an older event redelivered late must not undo a newer one
        uow.session.execute(
            staff_sessions.update()
            .where(staff_sessions.c.staff_id == staff_id)
            .values(valid_after=valid_after)
        )


HANDLERS: dict[str, Handler] = {"StaffSessionsRevoked": record_revocation}
TOPIC = "recruitment.staff"


def valid_after_lookup(engine: Engine) -> Callable[[str], datetime | None]:
    def lookup(staff_id: str) -> datetime | None:
        with engine.connect() as conn:
            query = select(staff_sessions.c.valid_after).where(
                staff_sessions.c.staff_id == staff_id
            )
            return conn.execute(query).scalar_one_or_none()

    return lookup


def create_staff_sessions_table(op: Any) -> None:
    """Alembic helper, as shared.bus.tables.create_bus_tables."""
    table = staff_sessions
    op.create_table(table.name, *[column._copy() for column in table.columns])
