"""People who withdrew, and the names staff pages show."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    String,
    Table,
)

from services.scheduling.adapters.tables import metadata
from shared.db import UtcDateTime

# People who withdrew their consent to take part (people/service_layer.py): no new
# bookings, poll invitations or reminders until they consent again. Migration 0010.
withdrawn_participants = Table(
    "withdrawn_participants",
    metadata,
    Column("participant_id", String(36), primary_key=True),
    Column("withdrawn_at", UtcDateTime, nullable=False),
)

# Names for staff pages only (migration 0011): participants' preferred names from
# recruitment.contact (emptied by its tombstone and by erasure) and staff names from
# recruitment.staff-profile. Nothing else of either is kept.
participant_names = Table(
    "participant_names",
    metadata,
    Column("participant_id", String(36), primary_key=True),
    Column("preferred_name", String(100), nullable=False),
)
staff_names = Table(
    "staff_names",
    metadata,
    Column("staff_id", String(36), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
    # The account's roles and whether it is active, for staff sessions here (migration 0012;
    # None until a StaffProfileChanged carrying them arrives).
    Column("roles", JSON, nullable=True),
    Column("active", Boolean, nullable=True),
    # Roles per organisation ({organisation id: [roles]}, migration 0018; None until a profile
    # carrying memberships arrives, and then `roles` holds everywhere).
    Column("memberships", JSON, nullable=True),
)
