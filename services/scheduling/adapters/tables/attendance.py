"""Attendance, reminders already announced, and access needs."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
)

from services.scheduling.adapters.tables import CodeTuple, metadata
from shared.db import UtcDateTime

# How each booked person took part (one record per booking; payments pays from it).
attendance = Table(
    "attendance",
    metadata,
    Column("booking_id", String(36), ForeignKey("bookings.id"), primary_key=True),
    Column("outcome", String(20), nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("recorded_by", String(36), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
)

# Reminders already announced: one row per booking and offset, so each goes once.
reminders = Table(
    "reminders",
    metadata,
    Column("booking_id", String(36), ForeignKey("bookings.id"), primary_key=True),
    Column("minutes_before", Integer, primary_key=True),
    Column("announced_at", UtcDateTime, nullable=False),
)

# Only the access and support needs of people (from recruitment.contact), for the
# coordinator's "what to arrange" summary; nothing else of the contact is kept.
participant_needs = Table(
    "participant_needs",
    metadata,
    Column("participant_id", String(36), primary_key=True),
    Column("needs", CodeTuple, nullable=False),
    # The spoken language of the "interpreter" need, from recruitment.contact (migration 0021).
    Column("interpreter_language", String(40), nullable=True),
)
