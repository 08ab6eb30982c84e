"""Payments' tables of what it keeps about people: erasures, staff links, attendance, names
and titles."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Integer, String, Table

from services.payments.adapters.metadata import metadata
from shared.db import UtcDateTime

# People who asked to be forgotten (0008): the bare id, so late events about them are ignored.
erased_participants = Table(
    "erased_participants",
    metadata,
    Column("participant_id", String(36), primary_key=True),
    Column("requested_at", UtcDateTime, nullable=False),
    Column("erased_at", UtcDateTime, nullable=False),
)

# Erasures from one organisation (0019): the person stays with the others, so their bare id is
# not erased_participants'; the pair makes a redelivered request do nothing more.
organisation_erasures = Table(
    "organisation_erasures",
    metadata,
    Column("participant_id", String(36), primary_key=True),
    Column("organisation_id", String(36), primary_key=True),
    Column("requested_at", UtcDateTime, nullable=False),
    Column("erased_at", UtcDateTime, nullable=False),
)

# A staff member who is also a participant (0009): set by an admin, or by themselves.
staff_participant_links = Table(
    "staff_participant_links",
    metadata,
    Column("staff_id", String(36), primary_key=True),
    Column("participant_id", String(36), nullable=False, index=True),
    Column("set_by", String(36), nullable=False),
    Column("set_at", UtcDateTime, nullable=False),
)

# Who linked whom, and who changed it (0011); names are read from the directory when shown.
staff_link_changes = Table(
    "staff_link_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("staff_id", String(36), nullable=False, index=True),
    Column("participant_before", String(36), nullable=True),
    Column("participant_after", String(36), nullable=True),
    Column("changed_by", String(36), nullable=False),
    Column("at", UtcDateTime, nullable=False),
)

# Every attendance recorded (0010), fee or no fee: an expenses-only activity pays no fee, and
# its expense claims still need to know the person was there.
attendances = Table(
    "attendances",
    metadata,
    Column("booking_id", String(36), primary_key=True),
    Column("participant_id", String(36), nullable=False, index=True),
    Column("activity_id", String(36), nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("session_starts_at", UtcDateTime, nullable=True),
    Column("recorded_at", UtcDateTime, nullable=False),
)

# What staff pages show instead of ids (0010), projected from recruitment's compacted topics.
activity_titles = Table(
    "activity_titles",
    metadata,
    Column("activity_id", String(36), primary_key=True),
    Column("title", String(120), nullable=False),
    Column("status", String(10), nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
)

# Whose activity (0018, from ActivityPublished; older events and rows: the first organisation).
# Staff requests see only their organisation's activities' rows (services/payments/adapters/
# scope.py); an activity payments has not heard of belongs to no one until it is published.
activity_organisations = Table(
    "activity_organisations",
    metadata,
    Column("activity_id", String(36), primary_key=True),
    Column("organisation_id", String(36), nullable=False, index=True),
)

# Staff eyes only; emptied by the recruitment.contact tombstone and by ErasureRequested.
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
    Column("active", Boolean, nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
    # For staff sessions here (migration 0011; None until a profile carrying roles arrives).
    Column("roles", JSON, nullable=True),
    # {organisation id: [roles]} (migration 0017; None: not known, so `roles` holds everywhere).
    Column("memberships", JSON, nullable=True),
)
