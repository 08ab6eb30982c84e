"""What the SMS booking dialogue keeps."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Index,
    String,
    Table,
)

from services.scheduling.adapters.tables import metadata
from shared.db import UtcDateTime

# Who was invited to which activity (from recruitment.invitation): what BOOK offers them.
invitations = Table(
    "invitations",
    metadata,
    Column("participant_id", String(36), primary_key=True),
    Column("activity_id", String(36), primary_key=True),
    Column("invited_at", UtcDateTime, nullable=False),
)

# The numbered times last texted to someone: a number in reply books from the open one.
sms_offers = Table(
    "sms_offers",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("participant_id", String(36), nullable=False),
    Column("activity_id", String(36), nullable=False),
    Column("slot_ids", JSON, nullable=False),
    Column("reason", String(10), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("status", String(10), nullable=False),
    Index("ix_sms_offers_participant", "participant_id", "created_at"),
)
