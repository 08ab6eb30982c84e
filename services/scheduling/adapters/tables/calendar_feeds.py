"""Coordinators' private calendar feeds (migration 0022): one secret per staff member, for the
organisation they were working in when they made it."""

from __future__ import annotations

from sqlalchemy import Column, String, Table

from services.scheduling.adapters.tables import metadata
from shared.db import UtcDateTime

calendar_feeds = Table(
    "calendar_feeds",
    metadata,
    Column("staff_id", String(36), primary_key=True),
    Column("organisation_id", String(36), nullable=False),
    # The secret in the feed's URL: a calendar app cannot sign in, so the URL is the key.
    # Shown again on the staff page (to copy), so it is kept as it is; a reset replaces it.
    Column("token", String(64), nullable=False, unique=True),
    Column("made_at", UtcDateTime, nullable=False),
)
