"""Staff tasks as last announced."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Index,
    String,
    Table,
)

from services.scheduling.adapters.tables import metadata
from shared.db import UtcDateTime

# Staff tasks as last announced (staff_tasks/service_layer.py), so each change goes out once.
staff_tasks = Table(
    "staff_tasks",
    metadata,
    Column("task_id", String(36), primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("state", String(10), nullable=False),
    Column("session_id", String(36), nullable=False),
    Column("slot_id", String(36), nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
    Index("ix_staff_tasks_state", "state", "kind"),
)
