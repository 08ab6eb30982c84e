"""Coordinators' private calendar feeds (migrations 0022, 0026): one secret per staff member
in each organisation they organise in, kept only as its hash."""

from __future__ import annotations

from sqlalchemy import Column, String, Table

from services.scheduling.adapters.tables import metadata
from shared.db import UtcDateTime

calendar_feeds = Table(
    "calendar_feeds",
    metadata,
    # One per staff member and organisation: a coordinator in two organisations has a feed of
    # each, and making one never ends the other.
    Column("staff_id", String(36), primary_key=True),
    Column("organisation_id", String(36), primary_key=True),
    # The sha256 (hex) of the secret in the feed's URL. The secret is shown once, when made;
    # what is kept here cannot be turned back into a working address.
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("made_at", UtcDateTime, nullable=False),
)
