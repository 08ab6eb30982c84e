"""Recruitment's tables and their mapping onto the domain model."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, MetaData, String, Table

from services.recruitment.domain.links import MagicLink
from services.recruitment.domain.model import Participant
from services.recruitment.domain.staff import StaffMember
from shared.bus.tables import bus_metadata
from shared.db import UtcDateTime, imperative_mapper

metadata = MetaData()

participants = Table(
    "participants",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("preferred_name", String(100), nullable=False),
    Column("phone", String(20), nullable=True, unique=True),
    Column("email", String(254), nullable=True, unique=True),
    Column("preferred_channel", String(10), nullable=False),
    Column("language", String(5), nullable=False),
    Column("sign_up_channel", String(30), nullable=False),
    Column("consent_version", String(30), nullable=False),
    Column("consented_at", UtcDateTime, nullable=False),
    Column("signed_up_at", UtcDateTime, nullable=False),
)

staff = Table(
    "staff",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("display_name", String(100), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("roles", String(100), nullable=False),
    Column("failed_sign_ins", Integer, nullable=False),
    Column("locked_until", UtcDateTime, nullable=True),
    Column("sessions_valid_after", UtcDateTime, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(36), nullable=True),
)

# Failed sign-ins per client address, to slow down guessing across many accounts.
sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_address", String(64), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Index("ix_sign_in_failures_address", "client_address", "at"),
)

magic_links = Table(
    "magic_links",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("participant_id", String(36), nullable=False, index=True),
    Column("purpose", String(20), nullable=False),
    Column("channel", String(10), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime, nullable=True),
    Column("revoked_at", UtcDateTime, nullable=True),
)

# Alembic compares against both: this service's tables and the shared outbox/inbox.
target_metadata = [metadata, bus_metadata]

start_mappers = imperative_mapper(
    {Participant: participants, StaffMember: staff, MagicLink: magic_links}
)
