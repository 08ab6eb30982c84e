"""Payments' tables: policies, entitlements, and the append-only audit log and ledger."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, true

from services.payments.adapters.metadata import metadata
from shared.db import UtcDateTime

payment_policies = Table(
    "payment_policies",
    metadata,
    Column("activity_id", String(36), primary_key=True),
    Column("rate_kind", String(10), nullable=False),
    Column("rate_pence", Integer, nullable=False),
    Column("preparation_minutes", Integer, nullable=False),
    Column("late_cancellation_pays", Boolean, nullable=False),
    Column("updated_by", String(36), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("expenses_covered", Boolean, nullable=False, server_default=true()),  # 0010
    Column("source", String(10), nullable=False, server_default="staff"),  # staff or offer
)

entitlements = Table(
    "entitlements",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("participant_id", String(36), nullable=False, index=True),
    Column("activity_id", String(36), nullable=False),
    # One entitlement per booking, whatever the consumer's inbox lets through.
    Column("booking_id", String(36), nullable=True, unique=True),
    Column("amount_pence", Integer, nullable=False),
    Column("basis", String(200), nullable=False),
    Column("created_by", String(36), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("approved_by", String(36), nullable=True),
    Column("finance_approved_by", String(36), nullable=True),
    Column("approval_version", Integer, nullable=False),
    Column("rejection_reason", String(500), nullable=True),
    Column("session_starts_at", UtcDateTime, nullable=True),  # 0007: None for hand-entered
    Column("amount_changed_by", String(36), nullable=True),  # 0020: kept out of approving it
)
# A person's entitlements by time (tax-year totals, their own page): migration 0005.
Index(
    "ix_entitlements_participant_created", entitlements.c.participant_id, entitlements.c.created_at
)

# Append-only: inserted, never updated or deleted (the database refuses both; see 0003).
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entitlement_id", String(36), nullable=False, index=True),
    Column("action", String(30), nullable=False),
    Column("actor", String(36), nullable=False),
    Column("reason", String(500), nullable=True),
    Column("at", UtcDateTime, nullable=False),
)

ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entitlement_id", String(36), nullable=False, index=True),
    Column("participant_id", String(36), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("amount_pence", Integer, nullable=False),  # signed: + owed more, - owed less
    Column("reference", String(100), nullable=True),
    Column("at", UtcDateTime, nullable=False),
)
