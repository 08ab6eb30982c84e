"""Availability polls."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
)

from services.scheduling.adapters.tables import metadata
from shared.db import UtcDateTime

# Availability polls (polls/domain.py): up to 9 numbered times, who was invited, and each
# person's answer (the numbers that suit them; [] for none). Migration 0007.
polls = Table(
    "polls",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("activity_id", String(36), nullable=False, index=True),
    Column("title", String(120), nullable=False),
    Column("format", String(10), nullable=False),
    Column("location", String(300), nullable=True),
    Column("joining_url", String(500), nullable=True),
    Column("closes_at", UtcDateTime, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("status", String(10), nullable=False),
    Column("closed_at", UtcDateTime, nullable=True),
    # Whose poll it is (migration 0019): staff see only their organisation's polls.
    Column("organisation_id", String(36), nullable=False, index=True),
)
poll_options = Table(
    "poll_options",
    metadata,
    Column("poll_id", String(36), ForeignKey("polls.id"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("ends_at", UtcDateTime, nullable=False),
    # The session this time became (migration 0009), so a second click cannot make another.
    Column("session_id", String(36), nullable=True),
)
poll_invitations = Table(
    "poll_invitations",
    metadata,
    Column("poll_id", String(36), ForeignKey("polls.id"), primary_key=True),
    Column("participant_id", String(36), primary_key=True),
    Column("invited_at", UtcDateTime, nullable=False),
    Index("ix_poll_invitations_participant", "participant_id", "invited_at"),
)
poll_answers = Table(
    "poll_answers",
    metadata,
    Column("poll_id", String(36), ForeignKey("polls.id"), primary_key=True),
    Column("participant_id", String(36), primary_key=True),
    Column("choices", JSON, nullable=False),
    Column("answered_at", UtcDateTime, nullable=False),
    Column("via", String(10), nullable=False),
)
