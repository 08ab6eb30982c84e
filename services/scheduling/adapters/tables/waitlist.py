"""Waitlist entries and holds."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    String,
    Table,
)

from services.scheduling.adapters.tables import metadata
from shared.db import UtcDateTime

# Waitlists (waitlist/domain.py): one row per person per slot, in the order they joined; an
# "offered" row is a hold on a place until hold_expires_at. Approval: sessions.requires_approval.
waitlist_entries = Table(
    "waitlist_entries",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("slot_id", String(36), ForeignKey("slots.id"), nullable=False),
    Column("session_id", String(36), ForeignKey("sessions.id"), nullable=False),
    Column("participant_id", String(36), nullable=False, index=True),
    Column("joined_at", UtcDateTime, nullable=False),
    Column("status", String(10), nullable=False),
    Column("offered_at", UtcDateTime, nullable=True),
    Column("hold_expires_at", UtcDateTime, nullable=True),
    Column("booking_id", String(36), nullable=True),
    Index("uq_waitlist_slot_participant", "slot_id", "participant_id", unique=True),
    Index("ix_waitlist_status_expiry", "status", "hold_expires_at"),
)
