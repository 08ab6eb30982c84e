"""Arrangement tasks, venues, and times run with arrangements still open (migration 0021);
what each person was told was arranged (0025)."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Index, Integer, String, Table

from services.scheduling.adapters.tables import CodeTuple, metadata
from services.scheduling.adapters.tables.sessions import sessions
from shared.db import UtcDateTime

# What the needs of the people booked at each time call for (arrangements/domain.py). Booking
# ids, not people: names are read from the bookings when a page shows them.
arrangement_tasks = Table(
    "arrangement_tasks",
    metadata,
    Column("task_id", String(36), primary_key=True),
    Column("session_id", String(36), nullable=False, index=True),
    Column("slot_id", String(36), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("booking_ids", JSON, nullable=False),
    Column("count", Integer, nullable=False),
    Column("venue_problem", Boolean, nullable=False),
    Column("state", String(12), nullable=False),
    Column("reason", String(300), nullable=True),
    Column("settled_by", String(36), nullable=True),
    Column("settled_at", UtcDateTime, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("language", String(40), nullable=True),  # a spoken interpreter's, when known
    Index("ix_arrangement_tasks_slot_state", "slot_id", "state"),
)

# Each organisation's venues and their access features.
venues = Table(
    "venues",
    metadata,
    Column("venue_id", String(36), primary_key=True),
    Column("organisation_id", String(36), nullable=False, index=True),
    Column("name", String(120), nullable=False),
    Column("address", String(300), nullable=False),
    Column("access_features", CodeTuple, nullable=False),
    Column("notes", String(500), nullable=True),
    Column("changed_at", UtcDateTime, nullable=False),
)

# A coordinator ran a time with arrangements still open: who, when, and how many were open.
arrangement_go_aheads = Table(
    "arrangement_go_aheads",
    metadata,
    Column("slot_id", String(36), primary_key=True),
    Column("session_id", String(36), nullable=False, index=True),
    Column("staff_id", String(36), nullable=False),
    Column("open_tasks", Integer, nullable=False),
    Column("at", UtcDateTime, nullable=False),
)

# What each person was last told had been arranged for a time (ArrangementDone's settled_for,
# migration 0025): kinds only. A settled task changed later tells them again only when these
# would change, and then as an update.
arrangements_told = Table(
    "arrangements_told",
    metadata,
    Column("booking_id", String(36), primary_key=True),
    Column("slot_id", String(36), primary_key=True),
    Column("session_id", String(36), nullable=False, index=True),
    Column("done", CodeTuple, nullable=False),
    Column("not_possible", CodeTuple, nullable=False),
    Column("told_at", UtcDateTime, nullable=False),
)

# The venue a session names (None: a place typed in, or online).
sessions.append_column(Column("venue_id", String(36), nullable=True))
