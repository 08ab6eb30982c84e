"""Feedback after sessions (migration 0020): one request per attended booking, with the
answers, and the activities whose coordinators turned the request off."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text

from services.scheduling.adapters.tables import metadata
from shared.db import UtcDateTime

# The words stay here: events say only that feedback was given (and its rating).
feedback_requests = Table(
    "feedback_requests",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("booking_id", String(36), ForeignKey("bookings.id"), nullable=False, unique=True),
    Column("participant_id", String(36), nullable=False),
    Column("session_id", String(36), nullable=False),
    Column("activity_id", String(36), nullable=False),
    Column("asked_at", UtcDateTime, nullable=False),
    Column("state", String(10), nullable=False),
    Column("rating", Integer, nullable=True),
    Column("words", Text, nullable=True),
    Column("answered_at", UtcDateTime, nullable=True),
    Column("via", String(10), nullable=True),
    Index("ix_feedback_requests_participant", "participant_id", "asked_at"),
    Index("ix_feedback_requests_activity", "activity_id", "session_id"),
)

# A row: the activity's coordinators turned feedback requests off (no row: people are asked).
feedback_turned_off = Table(
    "feedback_turned_off",
    metadata,
    Column("activity_id", String(36), primary_key=True),
    Column("turned_off_at", UtcDateTime, nullable=False),
)
