"""Staff projections (staff data, not participants'): the directory from StaffProfileChanged
and open tasks from PaymentsStaffTask / SchedulingStaffTask, plus what was sent to whom."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Date, Integer, String, Table

from services.notifications.adapters.orm import metadata
from shared.db import UtcDateTime

staff_members = Table(
    "staff_members",
    metadata,
    Column("staff_id", String(36), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("email", String(254), nullable=False),
    Column("roles", JSON, nullable=False),
    Column("active", Boolean, nullable=False),
    # {organisation id: [roles]} from StaffProfileChanged (None: not known, roles hold anywhere).
    Column("memberships", JSON, nullable=True),
)

staff_tasks = Table(
    "staff_tasks",
    metadata,
    Column("task_id", String(36), primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("state", String(10), nullable=False),
    Column("activity_id", String(36), nullable=False),
    Column("roles", JSON, nullable=False),
    Column("path", String(300), nullable=False),
    Column("urgent", Boolean, nullable=False),
    Column("not_for_staff_ids", JSON, nullable=False),
    Column("amount_pence", Integer, nullable=True),
    Column("budget_pence", Integer, nullable=True),
    Column("booked", Integer, nullable=True),
    Column("minimum", Integer, nullable=True),
    Column("starts_at", UtcDateTime, nullable=True),
    Column("changed_at", UtcDateTime, nullable=False),
)

# The kinds of task a staff member chose not to be told about (everything, unless they say).
staff_preferences = Table(
    "staff_preferences",
    metadata,
    Column("staff_id", String(36), primary_key=True),
    Column("not_wanted", JSON, nullable=False),
)

# One digest per staff member per UK day, and one urgent email per task per person: recorded
# (and committed) before sending, so a restart never sends twice.
staff_digests_sent = Table(
    "staff_digests_sent",
    metadata,
    Column("staff_id", String(36), primary_key=True),
    Column("day", Date, primary_key=True),
)
staff_urgent_sent = Table(
    "staff_urgent_sent",
    metadata,
    Column("task_id", String(36), primary_key=True),
    Column("staff_id", String(36), primary_key=True),
)
