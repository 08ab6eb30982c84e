"""Advisory panels (panels/): the panel of an activity, its members and their terms, its
meetings (each a session with one time) and each member's answer to each meeting. Migration 0023."""

from __future__ import annotations

from sqlalchemy import Column, Date, Index, Integer, String, Table

from services.scheduling.adapters.tables import CodeTuple, metadata
from shared.db import UtcDateTime

# One panel per activity: how its meetings happen (copied to each meeting's session).
panels = Table(
    "panels",
    metadata,
    Column("activity_id", String(36), primary_key=True),
    Column("organisation_id", String(36), nullable=False),
    Column("title", String(120), nullable=False),
    Column("format", String(12), nullable=False),
    Column("location", String(300), nullable=True),
    Column("access_features", CodeTuple, nullable=False),
    Column("joining_url", String(500), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
)

# Members and their terms (UK days, both included). status: invited, joined, declined, left.
# renewal_task: the state of the "term ends soon" staff task last announced (None: never).
panel_members = Table(
    "panel_members",
    metadata,
    Column("activity_id", String(36), primary_key=True),
    Column("participant_id", String(36), primary_key=True),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("status", String(10), nullable=False),
    Column("invited_at", UtcDateTime, nullable=False),
    Column("answered_at", UtcDateTime, nullable=True),
    Column("via", String(12), nullable=True),
    Column("renewal_task", String(10), nullable=True),
    Index("ix_panel_members_participant", "participant_id"),
)

# Each meeting is a session with one time (slot), so booking, reminders, attendance and
# payment work as for any session.
panel_meetings = Table(
    "panel_meetings",
    metadata,
    Column("session_id", String(36), primary_key=True),
    Column("activity_id", String(36), nullable=False),
    Column("slot_id", String(36), nullable=False),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("ends_at", UtcDateTime, nullable=False),
    Column("capacity", Integer, nullable=False),
    Index("ix_panel_meetings_activity", "activity_id", "starts_at"),
)

# Who was asked to which meeting and what they said (answer None: not yet; yes is a booking).
panel_meeting_answers = Table(
    "panel_meeting_answers",
    metadata,
    Column("session_id", String(36), primary_key=True),
    Column("participant_id", String(36), primary_key=True),
    Column("asked_at", UtcDateTime, nullable=False),
    Column("answer", String(3), nullable=True),
    Column("answered_at", UtcDateTime, nullable=True),
    Column("via", String(12), nullable=True),
    Index("ix_panel_meeting_answers_participant", "participant_id", "asked_at"),
)
